/** A case's status and priority as coloured badges. */
import { Badge } from "@mantine/core";
import type React from "react";
import { useI18n, type MessageKey } from "../i18n";

/** Dark shades (Mantine's orange and green are too light for small text, hence hexes) so the text stays ≥ 4.5:1 on a badge's light background. */
export const STATUS_COLOR: Record<string, string> = { open: "tandem.8", waiting_on_customer: "#9a3412", waiting_on_party: "violet.8", resolved: "#166534", closed: "gray.7" };
export const PRIORITY_COLOR: Record<string, string> = { low: "gray.7", normal: "tandem.8", high: "#9a3412", urgent: "red.9" };

/** A badge's colours set directly (Mantine's light variant fills a shaded colour solid): dark text on a pale tint, or an outline. */
const cssColor = (color: string) => (color.startsWith("#") ? color : `var(--mantine-color-${color.replace(".", "-")})`);
const tone = (color: string, outline = false) =>
  ({
    "--badge-color": cssColor(color),
    "--badge-bg": outline ? "transparent" : `color-mix(in srgb, ${cssColor(color)} 12%, white)`,
    "--badge-bd": outline ? `1px solid ${cssColor(color)}` : "1px solid transparent",
  }) as React.CSSProperties;

export function StatusBadge({ status, testId }: { status: string; testId?: string }) {
  const { t } = useI18n();
  return (
    <Badge variant="light" maw="none" color={STATUS_COLOR[status] ?? "gray.7"} style={tone(STATUS_COLOR[status] ?? "gray.7")} tt="none" data-testid={testId} data-status={status}>
      {t(`status.${status}` as MessageKey)}
    </Badge>
  );
}

export function PriorityBadge({ priority }: { priority: string }) {
  const { t } = useI18n();
  return (
    <Badge variant="outline" maw="none" color={PRIORITY_COLOR[priority] ?? "gray.7"} style={tone(PRIORITY_COLOR[priority] ?? "gray.7", true)} tt="none" data-priority={priority}>
      {t(`priority.${priority}` as MessageKey)}
    </Badge>
  );
}

/** On or off (an active user, a live token): green or grey, in words, outlined on the row's own background (≥ 4.5:1 on white and on a hovered row). */
export function StateBadge({ on, children }: { on: boolean; children: React.ReactNode }) {
  return (
    <Badge variant="outline" maw="none" color={on ? "#166534" : "gray.7"} style={tone(on ? "#166534" : "gray.7", true)} tt="none">
      {children}
    </Badge>
  );
}
