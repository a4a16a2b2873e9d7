import { z } from "zod";
import { ERROR_CODES, type ErrorCode } from "./errors.js";

// C0 controls other than tab/newline/carriage return, DEL, and C1 controls.
const CONTROL_MULTILINE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const CONTROL_SINGLE_LINE = /[\u0000-\u001F\u007F-\u009F]/;
// Half of a surrogate pair is not text: PostgreSQL refuses it (and JSON escapes of it) with an error.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// Bidirectional embeddings, overrides and isolates: they make a name display as another text.
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;

/** A one-line text field: trimmed, not empty, no control characters. */
export const line = (max: number) =>
  z
    .string()
    .trim()
    .min(1, "must not be empty")
    .max(max, `must be at most ${max} characters`)
    .refine((v) => !CONTROL_SINGLE_LINE.test(v) && !LONE_SURROGATE.test(v), "must not contain control characters")
    .refine((v) => !BIDI_CONTROL.test(v), "must not contain bidirectional control characters (U+202A–U+202E, U+2066–U+2069)");

/** A multi-line text field (message bodies, descriptions): newlines and tabs allowed. */
export const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, "must not be empty")
    .max(max, `must be at most ${max} characters`)
    .refine((v) => !CONTROL_MULTILINE.test(v) && !LONE_SURROGATE.test(v), "must not contain control characters");

/** Free text in a query string (search, lookups): may be empty, but no control characters. */
export const queryText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .refine((v) => !CONTROL_SINGLE_LINE.test(v) && !LONE_SURROGATE.test(v), "must not contain control characters");

export const id = z.uuid({ message: "must be an id" });

/**
 * The times the API accepts, in a body, a query or a cursor: from 1970 through 9999 (UTC).
 * Anything outside is no business date and would overflow the database's timestamps.
 */
export const TIME_RANGE = { min: Date.UTC(1970, 0, 1), max: Date.UTC(10000, 0, 1) - 1 } as const;
const TIME_RANGE_MESSAGE = "must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z";

/** Whether an instant (ms since 1970, a Date or an ISO text) is a real time within TIME_RANGE. */
export function timeInRange(time: number | Date | string): boolean {
  const ms = typeof time === "number" ? time : typeof time === "string" ? Date.parse(time) : time.getTime();
  return Number.isFinite(ms) && ms >= TIME_RANGE.min && ms <= TIME_RANGE.max;
}

/** A time sent to the API (bodies, query filters): ISO 8601 with an offset, within TIME_RANGE. */
export const isoDateTime = z.iso
  .datetime({ offset: true, message: "must be an ISO 8601 time with offset, such as 2026-01-31T09:30:00+08:00" })
  .refine((v) => timeInRange(v), TIME_RANGE_MESSAGE);

export const listQuery = {
  limit: z.coerce.number().int("must be a whole number").min(1).max(200, "must be at most 200").default(50),
  cursor: z.string().max(500).regex(/^[A-Za-z0-9_-]*$/, "must be the nextCursor of a previous page").optional(),
};

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A response schema for one page of `item`s. */
export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** A time as the API answers it: ISO 8601 in UTC. */
export const isoTime = z.string().describe("ISO 8601 time, UTC");


export const ROLES = ["admin", "supervisor", "agent", "partner_agent"] as const;
export type Role = (typeof ROLES)[number];
export const CHANNELS = ["phone", "chat", "email", "sms", "web", "visit", "social"] as const;
export type Channel = (typeof CHANNELS)[number];
export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];

/** The one error shape, as a response schema. */
export const errorBodySchema = z.object({
  error: z.object({ code: z.enum(ERROR_CODES as [ErrorCode, ...ErrorCode[]]), message: z.string(), details: z.array(z.unknown()) }),
});

/** Response schemas for a route: its success answer and the error shape for every 4xx and 5xx. */
export const answers = <S extends Record<number, z.ZodType>>(success: S) => ({ ...success, "4xx": errorBodySchema, "5xx": errorBodySchema });
