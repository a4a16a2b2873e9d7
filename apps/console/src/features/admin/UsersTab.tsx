import { useState } from "react";
import type { User } from "@tandem/contracts";
import { hasLength, isEmail, isNotEmpty, useForm } from "@mantine/form";
import { useMutation } from "@tanstack/react-query";
import { useI18n } from "../../i18n";
import { invalidate, queryKeys } from "../../lib/queryClient";
import { Button, ErrorAlert, FormModal, Select, StateBadge, TextInput, toast, type Column } from "../../ui";
import { useMe } from "../auth/session";
import { OrganizationPicker } from "../pickers";
import { AdminList } from "./AdminList";
import { createUser, fetchUserPage, updateUser } from "./api";
import classes from "./admin.module.css";

const ROLES = ["admin", "supervisor", "agent", "partner_agent"] as const;

export function UsersTab() {
  const { t } = useI18n();
  const me = useMe();
  const [editing, setEditing] = useState<User | null>(null);
  const toggle = useMutation({ mutationFn: (u: User) => updateUser(u.id, { active: !u.active }) });
  const columns: Column<User>[] = [
    {
      key: "name",
      header: t("admin.user.name"),
      cell: (u) => (
        <>
          <div>
            {u.name} {u.id === me.id ? <span className="muted small">({t("admin.user.you")})</span> : null}
          </div>
          <div className="muted small">{u.email}</div>
        </>
      ),
    },
    { key: "role", header: t("admin.user.role"), cell: (u) => t(`role.${u.role}`) },
    { key: "org", header: t("admin.user.organization"), className: "small", cell: (u) => u.organizationName },
    {
      key: "state",
      header: t("admin.user.state"),
      cell: (u) => <StateBadge on={u.active}>{u.active ? t("admin.user.active") : t("admin.user.inactive")}</StateBadge>,
    },
    {
      key: "actions",
      header: <span className="sr-only">{t("case.actions")}</span>,
      className: "nowrap",
      cell: (u) => (
        <>
          {u.abilities.includes("user.change_role") ? (
            <Button variant="subtle" onClick={() => setEditing(u)} data-testid="admin-user-edit">
              {t("admin.user.edit")}
            </Button>
          ) : null}
          {u.abilities.includes("user.set_active") ? (
            <Button variant={u.active ? "danger" : "subtle"} onClick={() => toggle.mutate(u, { onSuccess: () => invalidate(queryKeys.users()) })} data-testid="admin-user-toggle">
              {u.active ? t("admin.user.deactivate") : t("admin.user.activate")}
            </Button>
          ) : null}
        </>
      ),
    },
  ];
  return (
    <div className={classes.grid}>
      <AdminList
        queryKey={queryKeys.users()}
        fetchPage={fetchUserPage}
        columns={columns}
        caption={t("admin.users")}
        empty={t("admin.user.empty")}
        testId="admin-users"
        searchLabel={t("admin.user.search")}
        extraError={toggle.error}
        rowProps={(u) => ({ "data-testid": "admin-user-row", "data-email": u.email, className: u.active ? "" : "is-inactive" })}
      />
      <NewUser />
      {editing ? <EditUserModal user={editing} onClose={() => setEditing(null)} /> : null}
    </div>
  );
}

function NewUser() {
  const { t } = useI18n();
  const blank = { email: "", name: "", password: "", role: "agent", organizationId: "" };
  const form = useForm({
    initialValues: blank,
    validate: {
      name: isNotEmpty(t("form.required")),
      email: isEmail(t("form.email")),
      password: hasLength({ min: 8 }, t("admin.user.passwordHint")),
      organizationId: isNotEmpty(t("form.pick")),
    },
  });
  const [pickerKey, setPickerKey] = useState(0);
  const m = useMutation({ mutationFn: createUser });
  const submit = form.onSubmit((v) =>
    m.mutate(v, {
      onSuccess: () => {
        form.setValues(blank);
        setPickerKey((k) => k + 1);
        invalidate(queryKeys.users());
        toast(t("common.saved"));
      },
    }),
  );
  return (
    <form className="card stack" onSubmit={submit} data-testid="admin-user-form" noValidate>
      <h2 className="h3">{t("admin.user.new")}</h2>
      <TextInput label={t("admin.user.name")} required {...form.getInputProps("name")} data-testid="admin-user-name" />
      <TextInput label={t("admin.user.email")} type="email" required {...form.getInputProps("email")} data-testid="admin-user-email" />
      <TextInput label={t("admin.user.password")} hint={t("admin.user.passwordHint")} type="password" autoComplete="new-password" required {...form.getInputProps("password")} data-testid="admin-user-password" />
      <Select label={t("admin.user.role")} {...form.getInputProps("role")} options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} data-testid="admin-user-role" />
      <OrganizationPicker
        key={pickerKey}
        label={t("admin.user.organization")}
        required
        value={form.values.organizationId}
        onChange={(id) => form.setFieldValue("organizationId", id)}
        error={form.errors.organizationId ? String(form.errors.organizationId) : null}
        testId="admin-user-organization"
      />
      <ErrorAlert error={m.error} />
      <Button type="submit" variant="primary" loading={m.isPending} data-testid="admin-user-submit">
        {t("common.create")}
      </Button>
    </form>
  );
}

function EditUserModal({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useI18n();
  const form = useForm({ initialValues: { role: user.role as string, organizationId: user.organizationId } });
  const m = useMutation({ mutationFn: (v: { role: string; organizationId: string }) => updateUser(user.id, { role: v.role, organizationId: v.organizationId || user.organizationId }) });
  const submit = form.onSubmit((v) =>
    m.mutate(v, {
      onSuccess: () => {
        invalidate(queryKeys.users());
        toast(t("common.saved"));
        onClose();
      },
    }),
  );
  return (
    <FormModal title={t("admin.user.editTitle", { name: user.name })} onClose={onClose} testId="admin-user-modal" onSubmit={submit} submitLabel={t("common.save")} submitTestId="admin-edit-submit" pending={m.isPending} error={m.error}>
      <Select label={t("admin.user.role")} {...form.getInputProps("role")} options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} data-testid="admin-edit-role" autoFocus />
      <OrganizationPicker
        label={t("admin.user.organization")}
        placeholder={user.organizationName}
        value={form.values.organizationId}
        onChange={(id) => form.setFieldValue("organizationId", id)}
        testId="admin-edit-organization"
      />
    </FormModal>
  );
}
