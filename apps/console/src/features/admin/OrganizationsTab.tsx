import type { Organization } from "@tandem/contracts";
import { isNotEmpty, useForm } from "@mantine/form";
import { useMutation } from "@tanstack/react-query";
import { useI18n } from "../../i18n";
import { useFormat } from "../../lib/format";
import { invalidate, queryKeys } from "../../lib/queryClient";
import { Button, ErrorAlert, Select, TextInput, toast, type Column } from "../../ui";
import { AdminList } from "./AdminList";
import { createOrganization, fetchOrganizationPage } from "./api";
import classes from "./admin.module.css";

export function OrganizationsTab() {
  const { t } = useI18n();
  const fmt = useFormat();
  const columns: Column<Organization>[] = [
    { key: "name", header: t("admin.org.name"), cell: (o) => o.name },
    { key: "kind", header: t("admin.org.kind"), cell: (o) => t(`orgKind.${o.kind}`) },
    { key: "created", header: t("admin.org.created"), className: "small", cell: (o) => fmt.dateTime(o.createdAt) },
  ];
  return (
    <div className={classes.grid}>
      <AdminList queryKey={queryKeys.orgs()} fetchPage={fetchOrganizationPage} columns={columns} caption={t("admin.organizations")} empty={t("admin.org.empty")} testId="admin-organizations" searchLabel={t("admin.org.search")} />
      <NewOrganization />
    </div>
  );
}

function NewOrganization() {
  const { t } = useI18n();
  const form = useForm({ initialValues: { name: "", kind: "department" as "department" | "partner" }, validate: { name: isNotEmpty(t("form.required")) } });
  const m = useMutation({ mutationFn: createOrganization });
  const submit = form.onSubmit((v) =>
    m.mutate(
      { name: v.name.trim(), kind: v.kind },
      {
        onSuccess: () => {
          form.reset();
          invalidate(queryKeys.orgs());
          toast(t("common.saved"));
        },
      },
    ),
  );
  return (
    <form className="card stack" onSubmit={submit} data-testid="admin-org-form" noValidate>
      <h2 className="h3">{t("admin.org.new")}</h2>
      <TextInput label={t("admin.org.name")} required {...form.getInputProps("name")} maxLength={200} data-testid="admin-org-name" />
      <Select
        label={t("admin.org.kind")}
        {...form.getInputProps("kind")}
        options={[
          { value: "department", label: t("orgKind.department") },
          { value: "partner", label: t("orgKind.partner") },
        ]}
        data-testid="admin-org-kind"
      />
      <ErrorAlert error={m.error} />
      <Button type="submit" variant="primary" loading={m.isPending} data-testid="admin-org-submit">
        {t("common.create")}
      </Button>
    </form>
  );
}
