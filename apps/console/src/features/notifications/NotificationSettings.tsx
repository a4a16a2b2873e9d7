/** How the user wants to be told besides the console: e-mail on or off (saved as it is switched). */
import { Switch } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { queryClient, queryKeys } from "../../lib/queryClient";
import { useI18n } from "../../i18n";
import { Button, ErrorAlert, Loading, Modal, toast } from "../../ui";
import { fetchPreferences, savePreferences } from "./api";

export function NotificationSettings({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const prefs = useQuery({ queryKey: queryKeys.notificationPreferences(), queryFn: ({ signal }) => fetchPreferences(signal) });
  const save = useMutation({
    mutationFn: savePreferences,
    onSuccess: (saved) => {
      queryClient.setQueryData(queryKeys.notificationPreferences(), saved);
      toast(t("common.saved"));
    },
  });
  const email = save.isPending ? Boolean(save.variables?.email) : Boolean(prefs.data?.email);
  return (
    <Modal title={t("notification.settings")} onClose={onClose} testId="notification-settings">
      <div className="stack">
        {prefs.isLoading ? <Loading /> : null}
        <ErrorAlert error={prefs.error ?? save.error} onRetry={prefs.error ? () => void prefs.refetch() : undefined} />
        {prefs.data ? (
          <Switch
            label={t("notification.email")}
            description={t("notification.emailHint")}
            checked={email}
            disabled={save.isPending}
            onChange={(e) => save.mutate({ email: e.currentTarget.checked })}
            data-testid="notification-email"
          />
        ) : null}
        <div className="row-end">
          <Button onClick={onClose}>{t("common.close")}</Button>
        </div>
      </div>
    </Modal>
  );
}
