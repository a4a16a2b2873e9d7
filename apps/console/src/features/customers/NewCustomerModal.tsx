import { useState, type FormEvent } from "react";
import type { Customer } from "@tandem/contracts";
import { ApiError, post } from "../../lib/api";
import { useMutation } from "@tanstack/react-query";
import { Link, navigate } from "../../lib/router";
import { useI18n } from "../../i18n";
import { Button, ErrorAlert, Modal, Select, TextInput } from "../../ui";
import { Icon } from "../../ui/icons";
import { identityLabel } from "./Customer360";

const KINDS = ["phone", "email", "member_id", "national_id", "chat_visitor"];

/** A new customer with their identities; an identity already held offers that customer instead. */
export default function NewCustomerModal({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const [name, setName] = useState("");
  const [locale, setLocale] = useState("");
  const [identities, setIdentities] = useState<{ kind: string; value: string }[]>([{ kind: "phone", value: "" }]);
  const m = useMutation({
    mutationFn: () =>
      post<Customer>("/api/v1/customers", {
        name: name.trim(),
        identities: identities.filter((i) => i.value.trim()).map((i) => ({ kind: i.kind, value: i.value.trim() })),
        locale: locale || undefined,
      }),
  });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    m.mutate(undefined, {
      onSuccess: (created) => {
        onClose();
        navigate(`/customers/${created.id}`);
      },
    });
  };
  const taken = m.error instanceof ApiError && m.error.code === "identity_taken" ? m.error : null;
  const existingId = taken?.details
    .map((d) => (d && typeof d === "object" && "customerId" in d ? String((d as { customerId: unknown }).customerId) : null))
    .find(Boolean);
  const update = (i: number, patch: Partial<{ kind: string; value: string }>) => setIdentities((xs) => xs.map((x, j) => (j === i ? { ...x, ...patch } : x)));

  return (
    <Modal open title={t("newCustomer.title")} onClose={onClose} testId="new-customer-modal">
      <form className="stack" onSubmit={(e) => void submit(e)}>
        <TextInput label={t("newCustomer.name")} required autoFocus value={name} onChange={(e) => setName(e.target.value)} maxLength={200} data-testid="new-customer-name" />
        <fieldset className="fieldset">
          <legend>{t("newCustomer.identities")}</legend>
          {identities.map((idn, i) => (
            <div key={i} className="identity-row">
              <label className="sr-only" htmlFor={`idk-${i}`}>
                {t("newCustomer.kind")}
              </label>
              <select id={`idk-${i}`} className="input" value={idn.kind} onChange={(e) => update(i, { kind: e.target.value })} data-testid="new-customer-identity-kind">
                {KINDS.map((k) => (
                  <option key={k} value={k}>
                    {identityLabel(t, k)}
                  </option>
                ))}
              </select>
              <label className="sr-only" htmlFor={`idv-${i}`}>
                {t("newCustomer.value")}
              </label>
              <input id={`idv-${i}`} className="input" value={idn.value} onChange={(e) => update(i, { value: e.target.value })} placeholder={t("newCustomer.value")} data-testid="new-customer-identity-value" />
              <button type="button" className="icon-btn" aria-label={t("newCustomer.removeIdentity")} onClick={() => setIdentities((xs) => xs.filter((_, j) => j !== i))}>
                <Icon name="x" />
              </button>
            </div>
          ))}
          <Button variant="subtle" icon="plus" onClick={() => setIdentities((xs) => [...xs, { kind: "email", value: "" }])}>
            {t("newCustomer.addIdentity")}
          </Button>
        </fieldset>
        <Select
          label={t("newCustomer.locale")}
          value={locale}
          onChange={(e) => setLocale(e.target.value)}
          options={[
            { value: "", label: t("newCustomer.localeNone") },
            { value: "zh-CN", label: "中文" },
            { value: "en", label: "English" },
          ]}
        />
        {taken ? (
          <div className="alert alert-warn" role="alert" data-testid="identity-taken">
            <Icon name="alert" />
            <div>
              {t("newCustomer.taken")}{" "}
              {existingId ? (
                <Link to={`/customers/${existingId}`} onClick={onClose} data-testid="identity-taken-link">
                  {t("newCustomer.openExisting")}
                </Link>
              ) : null}
            </div>
          </div>
        ) : (
          <ErrorAlert error={m.error} />
        )}
        <div className="row-end">
          <Button onClick={onClose}>{t("common.cancel")}</Button>
          <Button type="submit" variant="primary" loading={m.isPending} disabled={!name.trim()} data-testid="new-customer-submit">
            {t("newCustomer.submit")}
          </Button>
        </div>
      </form>
    </Modal>
  );
}
