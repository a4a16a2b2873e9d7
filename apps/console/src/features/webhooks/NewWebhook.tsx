/** Registering a webhook: its URL, the events it hears of, an optional secret; the secret is shown once, after. */
import { useState } from "react";
import { Alert, Code, MultiSelect } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { WEBHOOK_EVENT_TYPES } from "@tandem/contracts";
import { useI18n } from "../../i18n";
import { invalidate } from "../../lib/queryClient";
import { Button, CopyButton, FormModal, TextInput } from "../../ui";
import { createWebhook, webhooksKey } from "./api";

export function NewWebhook({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<string[]>(["case.resolved"]);
  const [secret, setSecret] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [shown, setShown] = useState<string | null>(null);
  const m = useMutation({ mutationFn: createWebhook });
  const submit = () => {
    if (!url.trim() || events.length === 0) return setProblem(t("form.required"));
    setProblem(null);
    m.mutate(
      { url: url.trim(), events, ...(secret ? { secret } : {}) },
      {
        onSuccess: (created) => {
          invalidate(webhooksKey());
          setShown(created.secret);
        },
      },
    );
  };
  const done = shown ? (
    <div className="stack">
      <Alert color="yellow.9" variant="light" role="status" title={t("webhook.secretOnce")} data-testid="webhook-secret">
        <div className="stack">
          <Code block className="secret">
            {shown}
          </Code>
          <CopyButton text={shown} />
        </div>
      </Alert>
      <div>
        <Button variant="primary" onClick={onClose} data-testid="webhook-done">
          {t("common.close")}
        </Button>
      </div>
    </div>
  ) : undefined;
  return (
    <FormModal title={t("webhook.new")} testId="webhook-editor" onClose={onClose} onSubmit={submit} submitLabel={t("common.create")} submitTestId="webhook-submit" pending={m.isPending} error={m.error} footer={done}>
      <TextInput label={t("webhook.url")} hint={t("webhook.urlHint")} required value={url} error={problem && !url.trim() ? problem : null} onChange={(e) => setUrl(e.currentTarget.value)} maxLength={2000} disabled={Boolean(shown)} data-testid="webhook-url" />
      <MultiSelect
        label={t("webhook.events")}
        description={t("webhook.eventsHint")}
        data={["*", ...WEBHOOK_EVENT_TYPES].map((e) => ({ value: e, label: e === "*" ? t("webhook.allEvents") : e }))}
        value={events}
        onChange={setEvents}
        searchable
        required
        error={problem && events.length === 0 ? problem : null}
        disabled={Boolean(shown)}
        data-testid="webhook-events"
      />
      <TextInput label={t("webhook.secret")} hint={t("webhook.secretHint")} value={secret} onChange={(e) => setSecret(e.currentTarget.value)} maxLength={200} disabled={Boolean(shown)} data-testid="webhook-secret-input" />
    </FormModal>
  );
}
