import { describe, expect, it } from "vitest";
import { isId, newId } from "./ids.js";

describe("ids", () => {
  it("are UUIDv7 and sort in the order they were made, even within one millisecond", () => {
    const at = Date.UTC(2026, 10, 29, 12);
    const ids = Array.from({ length: 500 }, () => newId(at));
    expect(ids.every(isId)).toBe(true);
    expect(ids.every((id) => id[14] === "7")).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("carry their time in the first 48 bits", () => {
    const at = Date.UTC(2027, 0, 1);
    expect(parseInt(newId(at).replace(/-/g, "").slice(0, 12), 16)).toBe(at);
  });
});
