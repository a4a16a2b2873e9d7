/** Loading, empty and error states, and short notices after an action. */
import { Alert, Group, Loader } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import type { ReactNode } from "react";
import { errorText, i18n, useI18n } from "../i18n";
import { Button } from "./buttons";
import { Icon, type IconName } from "./icons";

export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <Group gap="xs" className="loading" role="status">
      <Loader size="sm" aria-hidden="true" />
      {label ?? t("common.loading")}
    </Group>
  );
}

/** Mantine has no empty state: an icon and a sentence. */
export function Empty({ children, icon = "inbox", testId }: { children: ReactNode; icon?: IconName; testId?: string }) {
  return (
    <div className="empty" data-testid={testId}>
      <Icon name={icon} size={28} />
      <p>{children}</p>
    </div>
  );
}

export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  if (!error) return null;
  return (
    <Alert color="red.8" variant="light" icon={<Icon name="alert" size={18} />} title={t("error.title")} data-testid="error" role="alert">
      <Group justify="space-between" wrap="nowrap">
        <div>{errorText(t, error)}</div>
        {onRetry ? (
          <Button variant="subtle" onClick={onRetry}>
            {t("common.retry")}
          </Button>
        ) : null}
      </Group>
    </Alert>
  );
}

/** A short notice at the top right after an action (away from the composer at the bottom). */
export const toast = (text: string, tone: "ok" | "error" = "ok") =>
  notifications.show({ message: text, color: tone === "error" ? "red.8" : "green.8", autoClose: 4000, withBorder: true, closeButtonProps: { "aria-label": i18n.t("common.close") } });
