/** A deadline in words and colour (pure, tested). */
import type { TFunction } from "../../i18n";
import type { IconName } from "../../ui/icons";

const STATUSES = ["active", "paused", "met", "warned", "breached"];

/** What a deadline reads as: its status, or "met late" for a breached one met after all; with a tone and an icon, so colour is never the only sign. */
export function deadlineState(m: { status: string; metAt?: string | null }): { word: string; tone: string; icon: IconName } {
  if (m.status === "breached" && m.metAt) return { word: "metLate", tone: "orange", icon: "check" };
  switch (m.status) {
    case "met":
      return { word: "met", tone: "green", icon: "check" };
    case "warned":
      return { word: "warned", tone: "amber", icon: "alert" };
    case "breached":
      return { word: "breached", tone: "red", icon: "alert" };
    case "paused":
      return { word: "paused", tone: "gray", icon: "clock" };
    default:
      return { word: STATUSES.includes(m.status) ? m.status : "active", tone: "blue", icon: "clock" };
  }
}

/** Time left (or overdue) in words: "2 d 3 h left", "5 min overdue"; under a minute left still reads "1 min". */
export function countdown(t: TFunction, dueAt: string, now: number): string {
  const diff = new Date(dueAt).getTime() - now;
  const abs = Math.abs(diff);
  const d = Math.floor(abs / 86_400_000);
  const h = Math.floor((abs % 86_400_000) / 3_600_000);
  const m = Math.floor((abs % 3_600_000) / 60_000);
  const span = d > 0 ? t("deadline.dh", { d, h }) : h > 0 ? t("deadline.hm", { h, m }) : t("deadline.m", { m: Math.max(m, diff > 0 ? 1 : 0) });
  return diff >= 0 ? t("deadline.left", { span }) : t("deadline.overdue", { span });
}
