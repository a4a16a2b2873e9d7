import { timeInRange } from "@tandem/contracts";
import { badRequest } from "./errors.js";

/** Keyset cursors: an opaque base64url of the sort key of the last row served. */
export function encodeCursor(parts: (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts)).toString("base64url");
}

/** What each part of a cursor must be, so a forged cursor is a 400 and never reaches SQL as a bad cast. */
export type CursorPart = "time" | "uuid" | "int" | "text";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function partOk(kind: CursorPart | undefined, part: unknown): boolean {
  if (kind === "int") return Number.isInteger(part) && Math.abs(part as number) < 2 ** 31;
  if (typeof part !== "string" || /[\u0000-\u001f\u007f]/.test(part) || LONE_SURROGATE.test(part)) return kind === undefined && typeof part === "number";
  if (kind === "uuid") return UUID.test(part);
  // Times are written by encodeCursor as toISOString(): anything else (Feb 31, year 0) was not made here,
  // nor was a time outside the range the API accepts (it would overflow the database's timestamps).
  if (kind === "time") return timeInRange(part) && new Date(part).toISOString() === part;
  return true;
}

export function decodeCursor(cursor: string | undefined, shape: number | CursorPart[]): (string | number)[] | null {
  if (!cursor) return null;
  const kinds = typeof shape === "number" ? new Array<undefined>(shape).fill(undefined) : shape;
  try {
    const parts: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(parts) && parts.length === kinds.length && parts.every((p, i) => partOk(kinds[i], p))) {
      return parts as (string | number)[];
    }
  } catch {
    /* fall through */
  }
  throw badRequest("The cursor is not valid; use the nextCursor of a previous page.", [{ path: "cursor", message: "invalid cursor" }]);
}

export function page<T>(rows: T[], limit: number, cursorOf: (last: T) => (string | number)[]): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(cursorOf(last)) : null };
}

export const iso = (d: Date | string | null | undefined): string | null => (d == null ? null : new Date(d).toISOString());
export const isoRequired = (d: Date | string): string => new Date(d).toISOString();
