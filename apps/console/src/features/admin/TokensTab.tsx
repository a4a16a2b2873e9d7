import { useState } from "react";
import { Alert, Code } from "@mantine/core";
import { isNotEmpty, useForm } from "@mantine/form";
import { useMutation, useQuery } from "@tanstack/react-query";
import type { ApiToken } from "@tandem/contracts";
import { useI18n } from "../../i18n";
import { useFormat } from "../../lib/format";
import { invalidate, queryKeys } from "../../lib/queryClient";
import { Button, CopyButton, DataTable, ErrorAlert, Loading, StateBadge, TextInput, type Column } from "../../ui";
import { createToken, fetchTokens, revokeToken } from "./api";
import classes from "./admin.module.css";

export function TokensTab() {
  const { t } = useI18n();
  const fmt = useFormat();
  const tokens = useQuery({ queryKey: queryKeys.tokens(), queryFn: ({ signal }) => fetchTokens(signal) });
  const revoke = useMutation({ mutationFn: revokeToken });
  const list = (tokens.data?.items ?? []).filter((x) => x.kind === "api");
  const columns: Column<ApiToken>[] = [
    { key: "name", header: t("admin.token.name"), cell: (x) => x.name },
    { key: "expires", header: t("admin.token.expires"), className: "small", cell: (x) => (x.expiresAt ? fmt.dateTime(x.expiresAt) : t("admin.token.never")) },
    { key: "used", header: t("admin.token.lastUsed"), className: "small", cell: (x) => (x.lastUsedAt ? fmt.relative(x.lastUsedAt) : t("admin.token.notUsed")) },
    {
      key: "state",
      header: t("admin.token.state"),
      cell: (x) => <StateBadge on={!x.revokedAt}>{x.revokedAt ? t("admin.token.revoked") : t("admin.token.activeState")}</StateBadge>,
    },
    {
      key: "actions",
      header: <span className="sr-only">{t("case.actions")}</span>,
      cell: (x) =>
        x.abilities.includes("token.revoke") ? (
          <Button variant="danger" onClick={() => revoke.mutate(x.id, { onSuccess: () => invalidate(queryKeys.tokens()) })} data-testid="admin-token-revoke">
            {t("admin.token.revoke")}
          </Button>
        ) : null,
    },
  ];
  return (
    <div className={classes.grid}>
      <section className="card">
        {tokens.isLoading ? <Loading /> : null}
        <ErrorAlert error={tokens.error ?? revoke.error} onRetry={() => void tokens.refetch()} />
        {tokens.data ? <DataTable caption={t("admin.tokens")} columns={columns} rows={list} rowKey={(x) => x.id} empty={t("admin.token.empty")} testId="admin-tokens" rowProps={() => ({ "data-testid": "admin-token-row" })} /> : null}
      </section>
      <NewToken />
    </div>
  );
}

function NewToken() {
  const { t } = useI18n();
  const form = useForm({ initialValues: { name: "", days: "" }, validate: { name: isNotEmpty(t("form.required")) } });
  const [secret, setSecret] = useState<string | null>(null);
  const m = useMutation({ mutationFn: createToken });
  const submit = form.onSubmit((v) =>
    m.mutate(
      { name: v.name.trim(), expiresInDays: v.days ? Number(v.days) : undefined },
      {
        onSuccess: (created) => {
          setSecret(created.token ?? null);
          form.reset();
          invalidate(queryKeys.tokens());
        },
      },
    ),
  );
  return (
    <form className="card stack" onSubmit={submit} data-testid="admin-token-form" noValidate>
      <h2 className="h3">{t("admin.token.new")}</h2>
      <TextInput label={t("admin.token.name")} required {...form.getInputProps("name")} maxLength={100} data-testid="admin-token-name" />
      <TextInput label={t("admin.token.expiresInDays")} hint={t("admin.token.expiresHint")} type="number" min={1} max={3650} {...form.getInputProps("days")} data-testid="admin-token-days" />
      <ErrorAlert error={m.error} />
      <Button type="submit" variant="primary" loading={m.isPending} data-testid="admin-token-submit">
        {t("common.create")}
      </Button>
      {secret ? (
        <Alert color="yellow.9" variant="light" role="status" title={t("admin.token.secret")} data-testid="admin-token-secret">
          <div className="stack">
            <Code block className="secret">
              {secret}
            </Code>
            <CopyButton text={secret} />
          </div>
        </Alert>
      ) : null}
    </form>
  );
}
