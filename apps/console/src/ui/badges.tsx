/** A case's status and priority as coloured badges. */
import { Badge } from "@mantine/core";
import type React from "react";
import { useI18n, type MessageKey } from "../i18n";

/** Dark shades (Mantine's orange is too light, hence a hex) so the text stays ≥ 4.5:1 on a badge's light background. */
export const STATUS_COLOR: Record<string, string> = { open: "tandem.8", waiting_on_customer: "#9a3412", waiting_on_party: "violet.8", resolved: "green.9", closed: "gray.7" };
export const PRIORITY_COLOR: Record<string, string> = { low: "gray.7", normal: "tandem.8", high: "#9a3412", urgent: "red.9" };

/** The text of a light badge in the shade itself ("orange.9" → its CSS variable), not Mantine's lighter default. */
const textOf = (color: string) => ({ "--badge-color": color.startsWith("#") ? color : `var(--mantine-color-${color.replace(".", "-")})` }) as React.CSSProperties;

export function StatusBadge({ status, testId }: { status: string; testId?: string }) {
  const { t } = useI18n();
  return (
    <Badge variant="light" color={STATUS_COLOR[status] ?? "gray.7"} style={textOf(STATUS_COLOR[status] ?? "gray.7")} tt="none" data-testid={testId} data-status={status}>
      {t(`status.${status}` as MessageKey)}
    </Badge>
  );
}

export function PriorityBadge({ priority }: { priority: string }) {
  const { t } = useI18n();
  return (
    <Badge variant="outline" color={PRIORITY_COLOR[priority] ?? "gray.7"} style={textOf(PRIORITY_COLOR[priority] ?? "gray.7")} tt="none" data-priority={priority}>
      {t(`priority.${priority}` as MessageKey)}
    </Badge>
  );
}

/** On or off (an active user, a live token): green or grey, in words. */
export function StateBadge({ on, children }: { on: boolean; children: React.ReactNode }) {
  return (
    <Badge variant="light" color={on ? "green.9" : "gray.7"} style={textOf(on ? "green.9" : "gray.7")} tt="none">
      {children}
    </Badge>
  );
}
