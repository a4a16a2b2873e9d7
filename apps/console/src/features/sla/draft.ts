/**
 * The SLA policy editor's working copy, the body it sends, durations in words, the server's field
 * errors and the order of the list. Pure, so it is tested without a browser.
 */
import type { CreateSlaPolicyBody, Escalation, SlaPolicy } from "@tandem/contracts";

export const UNITS = ["minutes", "hours", "days"] as const;
/** Seconds are offered only for a stored value that needs them (tests use `PT6S`). */
export type Unit = (typeof UNITS)[number] | "seconds";
const SECONDS: Record<Unit, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86_400 };

/** A duration as typed: a whole number and its unit; an empty amount is "no target". */
export interface DurationDraft {
  amount: string;
  unit: Unit;
}

export type Recipient = Escalation["warn"][number];
export type Proactive = SlaPolicy["proactiveUpdates"];

export interface PolicyDraft {
  name: string;
  /** "" = any. */
  kind: string;
  priority: string;
  category: string;
  firstResponse: DurationDraft;
  nextUpdate: DurationDraft;
  resolution: DurationDraft;
  warnBefore: DurationDraft;
  /** "" = around the clock. */
  calendarId: string;
  pauseWhileWaitingOnCustomer: boolean;
  proactiveUpdates: Proactive;
  warn: Recipient[];
  breach: Recipient[];
  /** Empty: the admins are never told. */
  adminsAfter: DurationDraft;
}

/** The fields a message can be shown at. */
export type DraftField = "name" | "appliesTo" | "firstResponse" | "nextUpdate" | "resolution" | "warnBefore" | "calendarId" | "adminsAfter" | "escalation";
export type DraftErrors = Partial<Record<DraftField, string>>;

const ISO = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Seconds in an ISO 8601 duration of weeks to seconds (a day is 24 hours); null if it is not one. */
export function isoSeconds(iso: string): number | null {
  const m = ISO.exec(iso);
  if (!m || iso === "P" || iso.endsWith("T")) return null;
  const [w, d, h, min, s] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number];
  return w * 604_800 + d * 86_400 + h * 3600 + min * 60 + s;
}

/** A stored duration in the largest unit that holds it whole (`PT90M` is 90 minutes, `P1W` 7 days). */
export function durationDraft(iso: string | null | undefined): DurationDraft {
  const s = iso ? isoSeconds(iso) : null;
  if (s === null) return { amount: "", unit: "hours" };
  for (const unit of ["days", "hours", "minutes"] as const) if (s % SECONDS[unit] === 0 && s > 0) return { amount: String(s / SECONDS[unit]), unit };
  return { amount: String(s), unit: "seconds" };
}

/** A whole, positive amount; null when empty or not one. */
function amountOf(d: DurationDraft): number | null {
  const n = d.amount.trim();
  return /^\d{1,7}$/.test(n) && Number(n) > 0 ? Number(n) : null;
}

/** The ISO form of a typed duration (null: none, or not a whole positive number). */
export function isoOf(d: DurationDraft): string | null {
  const n = amountOf(d);
  if (n === null) return null;
  return d.unit === "days" ? `P${n}D` : d.unit === "hours" ? `PT${n}H` : d.unit === "minutes" ? `PT${n}M` : `PT${n}S`;
}

/** The words of a duration, by a translator given `sla.unit.<unit>` keys with `count`: "1 h", "2 days", "90 min". */
export function durationWords(iso: string | null | undefined, t: (key: `sla.unit.${Unit}`, opts: { count: number }) => string): string | null {
  const d = durationDraft(iso);
  const n = amountOf(d);
  return n === null ? null : t(`sla.unit.${d.unit}`, { count: n });
}

export const DEFAULT_ESCALATION: Escalation = { warn: ["owner"], breach: ["owner", "supervisors"], adminsAfter: "PT4H" };

/** A new policy: the install's defaults (answer within the hour, update daily, resolve in five days, warn 15 minutes ahead). */
export function emptyDraft(): PolicyDraft {
  return {
    name: "",
    kind: "",
    priority: "",
    category: "",
    firstResponse: durationDraft("PT1H"),
    nextUpdate: durationDraft("P1D"),
    resolution: durationDraft("P5D"),
    warnBefore: durationDraft("PT15M"),
    calendarId: "",
    pauseWhileWaitingOnCustomer: true,
    proactiveUpdates: "auto",
    warn: [...DEFAULT_ESCALATION.warn],
    breach: [...DEFAULT_ESCALATION.breach],
    adminsAfter: durationDraft(DEFAULT_ESCALATION.adminsAfter),
  };
}

export function draftOf(p: SlaPolicy): PolicyDraft {
  return {
    name: p.name,
    kind: p.appliesTo.kind ?? "",
    priority: p.appliesTo.priority ?? "",
    category: p.appliesTo.category ?? "",
    firstResponse: durationDraft(p.firstResponse),
    nextUpdate: durationDraft(p.nextUpdate),
    resolution: durationDraft(p.resolution),
    warnBefore: durationDraft(p.warnBefore),
    calendarId: p.calendarId ?? "",
    pauseWhileWaitingOnCustomer: p.pauseWhileWaitingOnCustomer,
    proactiveUpdates: p.proactiveUpdates,
    warn: [...p.escalation.warn],
    breach: [...p.escalation.breach],
    adminsAfter: durationDraft(p.escalation.adminsAfter),
  };
}

/** Message keys for what is wrong before anything is sent (the server checks again). */
export function checkDraft(d: PolicyDraft): Partial<Record<DraftField, "form.required" | "sla.error.amount">> {
  const errors: Partial<Record<DraftField, "form.required" | "sla.error.amount">> = {};
  if (!d.name.trim()) errors.name = "form.required";
  for (const f of ["firstResponse", "nextUpdate", "resolution", "adminsAfter"] as const) if (d[f].amount.trim() && amountOf(d[f]) === null) errors[f] = "sla.error.amount";
  if (amountOf(d.warnBefore) === null) errors.warnBefore = d.warnBefore.amount.trim() ? "sla.error.amount" : "form.required";
  return errors;
}

const sorted = (r: Recipient[]): Recipient[] => (["owner", "supervisors", "admins"] as const).filter((x) => r.includes(x));

/** The body of `POST`/`PATCH /sla-policies`: every field, so a change says exactly what the policy is. */
export function bodyOf(d: PolicyDraft): Required<Omit<CreateSlaPolicyBody, "position">> {
  return {
    name: d.name.trim(),
    // All three null is the default policy (no conditions).
    appliesTo: { kind: (d.kind || null) as SlaPolicy["appliesTo"]["kind"], priority: (d.priority || null) as SlaPolicy["appliesTo"]["priority"], category: d.category.trim() || null },
    firstResponse: isoOf(d.firstResponse),
    nextUpdate: isoOf(d.nextUpdate),
    resolution: isoOf(d.resolution),
    warnBefore: isoOf(d.warnBefore) ?? "PT15M",
    calendarId: d.calendarId || null,
    pauseWhileWaitingOnCustomer: d.pauseWhileWaitingOnCustomer,
    proactiveUpdates: d.proactiveUpdates,
    escalation: { warn: sorted(d.warn), breach: sorted(d.breach), adminsAfter: isoOf(d.adminsAfter) },
  };
}

/**
 * The server's 400/422 details (`[{ path: "body.escalation.adminsAfter", message }]`) as messages per
 * field of the editor; what names no field is left for the form's own alert.
 */
export function serverFieldErrors(details: unknown[]): DraftErrors {
  const out: DraftErrors = {};
  for (const d of details) {
    if (!d || typeof d !== "object" || !("path" in d)) continue;
    const parts = String((d as { path: unknown }).path).split(".").filter((p) => p !== "body");
    const message = "message" in d ? String((d as { message: unknown }).message) : "";
    const field: DraftField | undefined =
      parts[0] === "escalation" ? (parts[1] === "adminsAfter" ? "adminsAfter" : "escalation") : parts[0] === "appliesTo" || parts[0] === "position" ? "appliesTo" : (parts[0] as DraftField | undefined);
    if (field && ["name", "appliesTo", "firstResponse", "nextUpdate", "resolution", "warnBefore", "calendarId", "adminsAfter", "escalation"].includes(field)) out[field] ??= message;
  }
  return out;
}

/**
 * Moving the policy at `index` one place up (-1) or down (+1): the positions to send, only those
 * that change. Positions are spread in tens so the list keeps room; the default policy stays last
 * wherever it is stored, so it is not moved and nothing moves below it.
 */
export function reorder(policies: Pick<SlaPolicy, "id" | "position" | "isDefault">[], index: number, step: -1 | 1): { id: string; position: number }[] {
  const target = index + step;
  if (target < 0 || target >= policies.length || policies[index]!.isDefault || policies[target]!.isDefault) return [];
  const order = [...policies];
  const [moved] = order.splice(index, 1);
  order.splice(target, 0, moved!);
  return order.flatMap((p, i) => {
    const position = p.isDefault ? p.position : (i + 1) * 10;
    return position === p.position ? [] : [{ id: p.id, position }];
  });
}
