/**
 * A case's links to other cases (both sides: a duplicate shows "duplicate of" here and "duplicated
 * by" there), with add and remove when the server says the user may (`case.link`).
 */
import { useState } from "react";
import { CASE_LINK_VIEWS, type Case, type CaseLink, type CaseLinkView } from "@tandem/contracts";
import { useMutation } from "@tanstack/react-query";
import { isNotEmpty, useForm } from "@mantine/form";
import { ActionIcon } from "@mantine/core";
import { Link } from "../../lib/router";
import { useI18n, type MessageKey } from "../../i18n";
import { Button, ErrorAlert, FormModal, Select, StatusBadge, toast } from "../../ui";
import { Icon } from "../../ui/icons";
import { CasePicker } from "../pickers";
import { caseChanged, linkCase, unlinkCase } from "./api";
import classes from "./CaseLinks.module.css";

export function CaseLinks({ kase }: { kase: Case }) {
  const { t } = useI18n();
  const [adding, setAdding] = useState(false);
  const canLink = kase.abilities.includes("case.link");
  const remove = useMutation({ mutationFn: (l: CaseLink) => unlinkCase(kase.id, l.id), onSuccess: () => caseChanged(kase) });
  return (
    <section className="card" data-testid="case-links" aria-labelledby="case-links-title">
      <div className="section-head">
        <h2 id="case-links-title" className="h3">
          {t("links.title")}
        </h2>
        {canLink ? (
          <Button variant="subtle" icon="link" onClick={() => setAdding(true)} data-testid="case-link-add">
            {t("links.add")}
          </Button>
        ) : null}
      </div>
      <ErrorAlert error={remove.error} />
      {kase.links.length === 0 ? (
        <p className="muted small">{t("links.none")}</p>
      ) : (
        <ul className={classes.list}>
          {kase.links.map((l) => (
            <li key={l.id} className={classes.row} data-testid="case-link" data-kind={l.kind} data-case-id={l.caseId}>
              <span className="muted small">{t(`links.kind.${l.kind}` as MessageKey)}</span>
              <span className={classes.main}>
                <Link to={`/cases/${l.caseId}`} className="mono">
                  {l.number}
                </Link>{" "}
                <StatusBadge status={l.status} /> <span className={classes.subject}>{l.subject}</span>
              </span>
              {canLink ? (
                <ActionIcon variant="subtle" color="red.8" onClick={() => remove.mutate(l)} loading={remove.isPending && remove.variables?.id === l.id} aria-label={t("links.remove", { number: l.number })} title={t("links.remove", { number: l.number })} data-testid="case-link-remove">
                  <Icon name="unlink" size={16} />
                </ActionIcon>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {adding ? <AddLinkModal kase={kase} onClose={() => setAdding(false)} /> : null}
    </section>
  );
}

function AddLinkModal({ kase, onClose }: { kase: Case; onClose: () => void }) {
  const { t } = useI18n();
  const form = useForm({ initialValues: { caseId: "", kind: "related" as CaseLinkView }, validate: { caseId: isNotEmpty(t("form.pick")) } });
  const m = useMutation({
    mutationFn: (v: typeof form.values) => linkCase(kase.id, v.caseId, v.kind),
    onSuccess: () => {
      caseChanged(kase);
      toast(t("action.done"));
      onClose();
    },
  });
  const linked = new Set(kase.links.map((l) => l.caseId));
  return (
    <FormModal title={t("links.addTitle", { number: kase.number })} onClose={onClose} testId="case-link-modal" onSubmit={form.onSubmit((v) => m.mutate(v))} submitLabel={t("links.submit")} submitTestId="case-link-submit" pending={m.isPending} error={m.error}>
      <Select label={t("links.kindLabel")} options={CASE_LINK_VIEWS.map((k) => ({ value: k, label: t(`links.kind.${k}` as MessageKey) }))} {...form.getInputProps("kind")} data-testid="case-link-kind" />
      <CasePicker
        label={t("links.case")}
        placeholder={t("links.casePlaceholder")}
        required
        autoFocus
        value={form.values.caseId}
        onChange={(id) => form.setFieldValue("caseId", id)}
        error={form.errors.caseId ? String(form.errors.caseId) : null}
        keep={(c) => c.id !== kase.id && !linked.has(c.id)}
        testId="case-link-case"
      />
    </FormModal>
  );
}
