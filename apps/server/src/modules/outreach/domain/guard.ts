/**
 * The contact guard's decision: a pure function of the case's state, the customer's consent for
 * the channel, their time zone, the owning organisation's settings, the customer's other live
 * contacts near that time (on any case, by any party) and now. The rules, in order:
 *
 * 1. the case is resolved or closed → suppressed `case_resolved`;
 * 2. the customer opted out of the channel → suppressed `opted_out` (a response too: an opt-out
 *    is the customer's word, and a response can go on another channel);
 * 3. a response to the customer's own message (within 24 h) → scheduled at once, reason
 *    `response`: never held by quiet hours, never a duplicate, never capped, not counted;
 * 4. inside the quiet hours in the customer's zone → moved to the end of them (reason
 *    `quiet_hours`), never dropped; the rules below look at the moved time;
 * 5. another scheduled contact with the customer within the window around that time →
 *    suppressed `duplicate` of the nearest one (its purpose is added to that one);
 * 6. the cap of contacts a day, counted in the customer's zone across all parties (scheduled and
 *    sent, responses aside), already reached on that day → suppressed `contact_cap`.
 */
import { Temporal } from "temporal-polyfill";

export type SuppressReason = "case_resolved" | "opted_out" | "duplicate" | "contact_cap";
export type ScheduleReason = "quiet_hours" | "response";

export interface OutreachSettings {
  /** Two contacts closer than this are one (milliseconds). */
  windowMs: number;
  /** Contacts a customer may get a day, in their zone. */
  dailyCap: number;
  /** Quiet hours, "HH:MM" in the customer's zone; from > to spans midnight. */
  quietFrom: string;
  quietTo: string;
  /** The zone of a customer who has none of their own and no phone to tell it. */
  timeZone: string;
}

export const DEFAULT_OUTREACH_SETTINGS: OutreachSettings = { windowMs: 24 * 3_600_000, dailyCap: 2, quietFrom: "21:00", quietTo: "08:00", timeZone: "Asia/Shanghai" };

/** One of the customer's other contacts near the time asked for. */
export interface NearbyContact {
  id: string;
  status: "scheduled" | "sent";
  scheduledFor: Date;
  isResponse: boolean;
}

export interface GuardInput {
  caseStatus: string;
  optedOut: boolean;
  isResponse: boolean;
  timeZone: string;
  settings: OutreachSettings;
  /** When the planner wants it (already no earlier than now). */
  requestedFor: Date;
  nearby: readonly NearbyContact[];
}

export type Decision =
  | { status: "scheduled"; scheduledFor: Date; reason: ScheduleReason | null }
  | { status: "suppressed"; scheduledFor: Date; reason: Exclude<SuppressReason, "duplicate"> }
  | { status: "suppressed"; scheduledFor: Date; reason: "duplicate"; duplicateOf: string };

export const RESPONSE_WITHIN_MS = 24 * 3_600_000;

export function decide(input: GuardInput): Decision {
  const { settings, timeZone } = input;
  const asked = input.requestedFor;
  if (input.caseStatus === "resolved" || input.caseStatus === "closed") return { status: "suppressed", scheduledFor: asked, reason: "case_resolved" };
  if (input.optedOut) return { status: "suppressed", scheduledFor: asked, reason: "opted_out" };
  if (input.isResponse) return { status: "scheduled", scheduledFor: asked, reason: "response" };
  const allowed = outsideQuietHours(asked, timeZone, settings.quietFrom, settings.quietTo);
  const at = allowed.at;
  const counted = input.nearby.filter((c) => !c.isResponse);
  const duplicate = nearest(
    counted.filter((c) => c.status === "scheduled" && Math.abs(c.scheduledFor.getTime() - at.getTime()) <= settings.windowMs),
    at,
  );
  if (duplicate) return { status: "suppressed", scheduledFor: at, reason: "duplicate", duplicateOf: duplicate.id };
  const day = localDay(at, timeZone);
  if (counted.filter((c) => localDay(c.scheduledFor, timeZone) === day).length >= settings.dailyCap) return { status: "suppressed", scheduledFor: at, reason: "contact_cap" };
  return { status: "scheduled", scheduledFor: at, reason: allowed.moved ? "quiet_hours" : null };
}

/** A message of the customer's answered within 24 h: a response, not outreach. */
export function isResponseTo(inbound: { direction: string; occurredAt: Date } | null, now: Date): boolean {
  if (!inbound || inbound.direction !== "inbound") return false;
  const age = now.getTime() - inbound.occurredAt.getTime();
  return age >= -5 * 60_000 && age <= RESPONSE_WITHIN_MS;
}

/** The calendar day of an instant in a zone, YYYY-MM-DD. */
export function localDay(at: Date, timeZone: string): string {
  return Temporal.Instant.fromEpochMilliseconds(at.getTime()).toZonedDateTimeISO(timeZone).toPlainDate().toString();
}

/**
 * The instant itself when it is outside the quiet hours in `timeZone`, else the end of those
 * quiet hours (the next `to` o'clock there; a `to` that daylight saving skips is moved forward
 * by the gap, as clocks are: 02:30 on a night that skips 02:00–03:00 is 03:30). Equal `from` and `to`: no quiet hours.
 */
export function outsideQuietHours(at: Date, timeZone: string, from: string, to: string): { at: Date; moved: boolean } {
  const fromMin = minutesOf(from);
  const toMin = minutesOf(to);
  if (fromMin === toMin) return { at, moved: false };
  const local = Temporal.Instant.fromEpochMilliseconds(at.getTime()).toZonedDateTimeISO(timeZone);
  const now = local.hour * 60 + local.minute + (local.second > 0 || local.millisecond > 0 ? 1 / 60 : 0);
  const spansMidnight = fromMin > toMin;
  const quiet = spansMidnight ? now >= fromMin || now < toMin : now >= fromMin && now < toMin;
  if (!quiet) return { at, moved: false };
  const endDate = spansMidnight && now >= fromMin ? local.toPlainDate().add({ days: 1 }) : local.toPlainDate();
  const end = endDate.toZonedDateTime({ timeZone, plainTime: new Temporal.PlainTime(Math.floor(toMin / 60), toMin % 60) });
  return { at: new Date(end.epochMilliseconds), moved: true };
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number);
  return h! * 60 + m!;
}

function nearest(contacts: NearbyContact[], at: Date): NearbyContact | null {
  let best: NearbyContact | null = null;
  for (const c of contacts) {
    const d = Math.abs(c.scheduledFor.getTime() - at.getTime());
    const bestD = best ? Math.abs(best.scheduledFor.getTime() - at.getTime()) : Infinity;
    if (d < bestD || (d === bestD && best && c.scheduledFor < best.scheduledFor)) best = c;
  }
  return best;
}

/** How far around a time the guard must look at the customer's contacts: the window, and a whole local day (25 h with DST) either side. */
export function lookAround(settings: OutreachSettings): number {
  return Math.max(settings.windowMs, 26 * 3_600_000);
}
