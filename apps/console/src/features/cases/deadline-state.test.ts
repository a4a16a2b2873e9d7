import { describe, expect, it } from "vitest";
import type { TFunction } from "../../i18n";
import { countdown, deadlineState } from "./deadline-state";

const t = ((key: string, o?: Record<string, unknown>) => `${key}${o ? JSON.stringify(o) : ""}`) as unknown as TFunction;

describe("a deadline in words", () => {
  it("reads each status in words with its tone and icon, and a breached one met after all as met late", () => {
    expect(deadlineState({ status: "active" })).toEqual({ word: "active", tone: "blue", icon: "clock" });
    expect(deadlineState({ status: "warned" })).toEqual({ word: "warned", tone: "amber", icon: "alert" });
    expect(deadlineState({ status: "breached", metAt: null })).toEqual({ word: "breached", tone: "red", icon: "alert" });
    expect(deadlineState({ status: "breached", metAt: "2026-11-29T10:00:00Z" })).toEqual({ word: "metLate", tone: "orange", icon: "check" });
    expect(deadlineState({ status: "met", metAt: "2026-11-29T10:00:00Z" })).toEqual({ word: "met", tone: "green", icon: "check" });
    expect(deadlineState({ status: "paused" }).word).toBe("paused");
    expect(deadlineState({ status: "something new" }).word).toBe("active");
  });

  it("counts down in days, hours and minutes, and up once overdue", () => {
    const now = Date.parse("2026-11-29T10:00:00Z");
    expect(countdown(t, "2026-12-01T13:30:00Z", now)).toBe('deadline.left{"span":"deadline.dh{\\"d\\":2,\\"h\\":3}"}');
    expect(countdown(t, "2026-11-29T11:05:00Z", now)).toBe('deadline.left{"span":"deadline.hm{\\"h\\":1,\\"m\\":5}"}');
    expect(countdown(t, "2026-11-29T10:00:20Z", now)).toBe('deadline.left{"span":"deadline.m{\\"m\\":1}"}');
    expect(countdown(t, "2026-11-29T09:55:00Z", now)).toBe('deadline.overdue{"span":"deadline.m{\\"m\\":5}"}');
  });
});
