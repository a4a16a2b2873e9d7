import { badRequest } from "./errors.js";

/** Keyset cursors: an opaque base64url of the sort key of the last row served. */
export function encodeCursor(parts: (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts)).toString("base64url");
}

export function decodeCursor(cursor: string | undefined, arity: number): (string | number)[] | null {
  if (!cursor) return null;
  try {
    const parts: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(parts) && parts.length === arity && parts.every((p) => typeof p === "string" || typeof p === "number")) {
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
