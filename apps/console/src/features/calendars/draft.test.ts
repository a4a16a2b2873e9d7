import { describe, expect, it } from "vitest";
import type { Calendar } from "@tandem/contracts";
import { bodyOf, draftOf, emptyDraft, fromField, toField } from "./draft";

describe("the calendar editor's draft", () => {
  it("a new calendar is an office week with a lunch break", () => {
    const body = bodyOf({ ...emptyDraft("Asia/Shanghai"), name: "  Desk " });
    expect(body.name).toBe("Desk");
    expect(body.hours.filter((h) => h.day === 1)).toEqual([{ day: 1, from: "09:00", to: "12:00" }, { day: 1, from: "13:30", to: "18:00" }]);
    expect(body.hours.some((h) => h.day >= 6)).toBe(false);
  });

  it("round-trips a calendar, keeping a make-up day's own hours and sorting dates", () => {
    const c: Calendar = {
      id: "x", name: "Hotline", timezone: "Asia/Shanghai", createdAt: "", updatedAt: "", abilities: [],
      hours: [{ day: 6, from: "10:00", to: "16:00" }, { day: 1, from: "22:00", to: "24:00" }],
      holidays: ["2026-10-02", "2026-10-01"],
      workingDays: [{ date: "2026-10-10" }, { date: "2026-09-27", hours: [{ from: "10:00", to: "14:00" }] }],
    };
    expect(bodyOf(draftOf(c))).toEqual({
      name: "Hotline", timezone: "Asia/Shanghai",
      hours: [{ day: 1, from: "22:00", to: "24:00" }, { day: 6, from: "10:00", to: "16:00" }],
      holidays: ["2026-10-01", "2026-10-02"],
      workingDays: [{ date: "2026-09-27", hours: [{ from: "10:00", to: "14:00" }] }, "2026-10-10"],
    });
  });

  it("shows an interval ending at midnight as 00:00 and sends it as 24:00", () => {
    expect(toField("24:00")).toBe("00:00");
    expect(fromField("00:00")).toBe("24:00");
    expect(fromField("18:00")).toBe("18:00");
  });
});
