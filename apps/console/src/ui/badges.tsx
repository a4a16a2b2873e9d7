/** A case's status and priority as coloured badges. */
import { Badge } from "@mantine/core";
import type React from "react";
import { useI18n, type MessageKey } from "../i18n";

/** Dark shades so the text stays ≥ 4.5:1 on the light background of a badge. */
export const STATUS_COLOR: Record<string, string> = { open: "tandem.8", waiting_on_customer: "orange.9", waiting_on_party: "violet.8", resolved: "green.9", closed: "gray.7" };
export const PRIORITY_COLOR: Record<string, string> = { low: "gray.7", normal: "tandem.8", high: "orange.9", urgent: "red.9" };

/** The text of a light badge in the shade itself ("orange.9" → its CSS variable), not Mantine's lighter default. */
const textOf = (color: string) => ({ "--badge-color": `var(--mantine-color-${color.replace(".", "-")})` }) as React.CSSProperties;

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
    <Badge variant="outline" color={PRIORITY_COLOR[priority] ?? "gray.7"} tt="none" data-priority={priority}>
      {t(`priority.${priority}` as MessageKey)}
    </Badge>
  );
}
