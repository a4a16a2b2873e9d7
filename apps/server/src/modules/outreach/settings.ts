/**
 * The contact policy per organisation: the window, the daily cap, the quiet hours and the zone of
 * a customer who has none. The case owner's settings apply to every contact about the case,
 * whoever plans it: one case, one policy. An organisation without a row has the defaults.
 */
import type { OutreachSettingsBody, OutreachSettingsView } from "@tandem/contracts";
import { Temporal } from "temporal-polyfill";
import type { Ctx } from "../../platform/context.js";
import type { Queryable } from "../../platform/db.js";
import { badRequest, notFound } from "../../platform/errors.js";
import { iso } from "../../platform/pagination.js";
import { findOrganization } from "../organizations/index.js";
import { audit } from "../audit/index.js";
import { DEFAULT_OUTREACH_SETTINGS, type OutreachSettings } from "./domain/guard.js";
import { findSettings, putSettings, type OutreachSettingsRow } from "./repository.js";

export async function settingsFor(db: Queryable, organizationId: string): Promise<OutreachSettings> {
  const row = await findSettings(db, organizationId);
  return row ? { windowMs: row.window_seconds * 1000, dailyCap: row.daily_cap, quietFrom: row.quiet_from, quietTo: row.quiet_to, timeZone: row.time_zone } : DEFAULT_OUTREACH_SETTINGS;
}

export async function readSettings(db: Queryable, organizationId: string): Promise<OutreachSettingsView> {
  if (!(await findOrganization(db, organizationId))) throw notFound("Organization");
  return present(organizationId, await findSettings(db, organizationId));
}

export async function writeSettings(ctx: Ctx, organizationId: string, body: OutreachSettingsBody): Promise<OutreachSettingsView> {
  if (!(await findOrganization(ctx.tx, organizationId))) throw notFound("Organization");
  const problems: { path: string; message: string }[] = [];
  const seconds = durationSeconds(body.window);
  if (seconds === null || seconds > 7 * 86_400) problems.push({ path: "body.window", message: "must be an ISO 8601 duration of at most 7 days (PT24H)" });
  if (!isKnownZone(body.timeZone)) problems.push({ path: "body.timeZone", message: "must be an IANA time zone (Asia/Shanghai)" });
  if (problems.length) throw badRequest("The outreach settings are not valid.", problems);
  const before = await findSettings(ctx.tx, organizationId);
  const row = await putSettings(ctx.tx, { organization_id: organizationId, window_seconds: seconds!, daily_cap: body.dailyCap, quiet_from: body.quietHours.from, quiet_to: body.quietHours.to, time_zone: body.timeZone, updated_at: ctx.now });
  const view = present(organizationId, row);
  await audit(ctx, { action: "outreach_settings.updated", subject: { type: "organization", id: organizationId }, organizationId, before: before ? present(organizationId, before) : null, after: view });
  return view;
}

function present(organizationId: string, row: OutreachSettingsRow | null): OutreachSettingsView {
  const s = row ? { windowMs: row.window_seconds * 1000, dailyCap: row.daily_cap, quietFrom: row.quiet_from, quietTo: row.quiet_to, timeZone: row.time_zone } : DEFAULT_OUTREACH_SETTINGS;
  return {
    organizationId,
    window: Temporal.Duration.from({ seconds: s.windowMs / 1000 }).round({ largestUnit: "hours" }).toString(),
    dailyCap: s.dailyCap,
    quietHours: { from: s.quietFrom, to: s.quietTo },
    timeZone: s.timeZone,
    updatedAt: iso(row?.updated_at ?? null),
  };
}

function durationSeconds(iso: string): number | null {
  try {
    const d = Temporal.Duration.from(iso);
    if (d.sign < 0 || d.years || d.months || d.weeks) return null;
    return Math.round(d.total({ unit: "seconds" }));
  } catch {
    return null;
  }
}

export function isKnownZone(zone: string): boolean {
  try {
    Temporal.Now.instant().toZonedDateTimeISO(zone);
    return /^[A-Za-z]/.test(zone);
  } catch {
    return false;
  }
}
