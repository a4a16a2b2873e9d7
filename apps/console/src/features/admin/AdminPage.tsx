/** Administration: organizations, users and the signed-in user's API tokens. */
import { useEffect, useState, type FormEvent } from "react";
import type { ApiToken, Organization, Page, User } from "@tandem/contracts";
import { get, patch, post } from "../../lib/api";
import { useMutation, useQuery } from "@tanstack/react-query";
import { invalidate, queryKeys } from "../../lib/queryClient";
import { useSearchParams } from "../../lib/router";
import { useFormat } from "../../lib/format";
import { useI18n, type MessageKey } from "../../i18n";
import { Button, CopyButton, Empty, ErrorAlert, Loading, Modal, Select, TextInput, toast } from "../../ui";
import { useMe } from "../auth/session";
import { fetchOrganizations, fetchUsers } from "../cases/api";

type Tab = "organizations" | "users" | "tokens";
const TABS: Tab[] = ["organizations", "users", "tokens"];
const ROLES = ["admin", "supervisor", "agent", "partner_agent"] as const;

export default function AdminPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  useEffect(() => {
    document.title = `${t("admin.title")} · ${t("app.name")}`;
  }, [t]);
  const tab = (TABS as string[]).includes(params.get("tab") ?? "") ? (params.get("tab") as Tab) : "organizations";
  return (
    <div className="page">
      <div className="page-head">
        <h1>{t("admin.title")}</h1>
        <div className="tabs" role="tablist">
          {TABS.map((x) => (
            <button key={x} type="button" role="tab" aria-selected={tab === x} className={`tab ${tab === x ? "is-active" : ""}`} onClick={() => setParams({ tab: x })} data-testid={`admin-tab-${x}`}>
              {t(`admin.${x}` as MessageKey)}
            </button>
          ))}
        </div>
      </div>
      {tab === "organizations" ? <Organizations /> : tab === "users" ? <Users /> : <Tokens />}
    </div>
  );
}

function Organizations() {
  const { t } = useI18n();
  const fmt = useFormat();
  const orgs = useQuery({ queryKey: queryKeys.orgs(), queryFn: ({ signal }) => fetchOrganizations(signal) });
  const [name, setName] = useState("");
  const [kind, setKind] = useState<"department" | "partner">("department");
  const m = useMutation({ mutationFn: () => post<Organization>("/api/v1/organizations", { name: name.trim(), kind }) });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    m.mutate(undefined, {
      onSuccess: () => {
        setName("");
        invalidate(queryKeys.orgs());
        toast(t("common.saved"));
      },
    });
  };
  return (
    <div className="admin-grid">
      <section className="card">
        {orgs.isLoading ? <Loading /> : null}
        <ErrorAlert error={orgs.error} onRetry={() => void orgs.refetch()} />
        {orgs.data && orgs.data.items.length === 0 ? <Empty>{t("admin.org.empty")}</Empty> : null}
        {orgs.data?.items.length ? (
          <table className="data" data-testid="admin-organizations">
            <thead>
              <tr>
                <th scope="col">{t("admin.org.name")}</th>
                <th scope="col">{t("admin.org.kind")}</th>
                <th scope="col">{t("admin.org.created")}</th>
              </tr>
            </thead>
            <tbody>
              {orgs.data.items.map((o) => (
                <tr key={o.id}>
                  <td>{o.name}</td>
                  <td>{t(`orgKind.${o.kind}`)}</td>
                  <td className="small">{fmt.dateTime(o.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      <form className="card stack" onSubmit={(e) => void submit(e)} data-testid="admin-org-form">
        <h2 className="h3">{t("admin.org.new")}</h2>
        <TextInput label={t("admin.org.name")} required value={name} onChange={(e) => setName(e.target.value)} maxLength={200} data-testid="admin-org-name" />
        <Select
          label={t("admin.org.kind")}
          value={kind}
          onChange={(e) => setKind(e.target.value as "department" | "partner")}
          options={[
            { value: "department", label: t("orgKind.department") },
            { value: "partner", label: t("orgKind.partner") },
          ]}
          data-testid="admin-org-kind"
        />
        <ErrorAlert error={m.error} />
        <Button type="submit" variant="primary" loading={m.isPending} disabled={!name.trim()} data-testid="admin-org-submit">
          {t("common.create")}
        </Button>
      </form>
    </div>
  );
}

function Users() {
  const { t } = useI18n();
  const me = useMe();
  const users = useQuery({ queryKey: queryKeys.users(), queryFn: ({ signal }) => fetchUsers(signal) });
  const orgs = useQuery({ queryKey: queryKeys.orgs(), queryFn: ({ signal }) => fetchOrganizations(signal) });
  const [editing, setEditing] = useState<User | null>(null);
  const [form, setForm] = useState({ email: "", name: "", password: "", role: "agent", organizationId: "" });
  const create = useMutation({ mutationFn: () => post<User>("/api/v1/users", form) });
  const toggle = useMutation({ mutationFn: (u: User) => patch<User>(`/api/v1/users/${u.id}`, { active: !u.active }) });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    create.mutate(undefined, {
      onSuccess: () => {
        setForm({ email: "", name: "", password: "", role: "agent", organizationId: "" });
        invalidate(queryKeys.users());
        toast(t("common.saved"));
      },
    });
  };
  const orgOptions = (orgs.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }));
  return (
    <div className="admin-grid">
      <section className="card">
        {users.isLoading ? <Loading /> : null}
        <ErrorAlert error={users.error ?? toggle.error} onRetry={() => void users.refetch()} />
        {users.data && users.data.length === 0 ? <Empty>{t("admin.user.empty")}</Empty> : null}
        {users.data?.length ? (
          <table className="data" data-testid="admin-users">
            <thead>
              <tr>
                <th scope="col">{t("admin.user.name")}</th>
                <th scope="col">{t("admin.user.role")}</th>
                <th scope="col">{t("admin.user.organization")}</th>
                <th scope="col">{t("admin.user.state")}</th>
                <th scope="col">
                  <span className="sr-only">{t("case.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((u) => (
                <tr key={u.id} data-testid="admin-user-row" data-email={u.email} className={u.active ? "" : "is-inactive"}>
                  <td>
                    <div>
                      {u.name} {u.id === me.id ? <span className="muted small">({t("admin.user.you")})</span> : null}
                    </div>
                    <div className="muted small">{u.email}</div>
                  </td>
                  <td>{t(`role.${u.role}`)}</td>
                  <td className="small">{u.organizationName}</td>
                  <td>
                    <span className={`badge ${u.active ? "tone-green" : "tone-gray"}`}>{u.active ? t("admin.user.active") : t("admin.user.inactive")}</span>
                  </td>
                  <td className="nowrap">
                    <Button variant="subtle" onClick={() => setEditing(u)} data-testid="admin-user-edit">
                      {t("admin.user.edit")}
                    </Button>
                    {u.id !== me.id ? (
                      <Button
                        variant={u.active ? "danger" : "subtle"}
                        onClick={() => {
                          toggle.mutate(u, { onSuccess: () => void invalidate(queryKeys.users()) });
                        }}
                        data-testid="admin-user-toggle"
                      >
                        {u.active ? t("admin.user.deactivate") : t("admin.user.activate")}
                      </Button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      <form className="card stack" onSubmit={(e) => void submit(e)} data-testid="admin-user-form">
        <h2 className="h3">{t("admin.user.new")}</h2>
        <TextInput label={t("admin.user.name")} required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} data-testid="admin-user-name" />
        <TextInput label={t("admin.user.email")} type="email" required value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} data-testid="admin-user-email" />
        <TextInput label={t("admin.user.password")} hint={t("admin.user.passwordHint")} type="password" autoComplete="new-password" required minLength={8} value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} data-testid="admin-user-password" />
        <Select label={t("admin.user.role")} value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value })} options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} data-testid="admin-user-role" />
        <Select label={t("admin.user.organization")} required placeholder="" value={form.organizationId} onChange={(e) => setForm({ ...form, organizationId: e.target.value })} options={orgOptions} data-testid="admin-user-organization" />
        <ErrorAlert error={create.error} />
        <Button type="submit" variant="primary" loading={create.isPending} disabled={!form.name || !form.email || form.password.length < 8 || !form.organizationId} data-testid="admin-user-submit">
          {t("common.create")}
        </Button>
      </form>
      {editing ? <EditUserModal user={editing} orgOptions={orgOptions} onClose={() => setEditing(null)} /> : null}
    </div>
  );
}

function EditUserModal({ user, orgOptions, onClose }: { user: User; orgOptions: { value: string; label: string }[]; onClose: () => void }) {
  const { t } = useI18n();
  const [role, setRole] = useState<string>(user.role);
  const [organizationId, setOrg] = useState(user.organizationId);
  const m = useMutation({ mutationFn: () => patch<User>(`/api/v1/users/${user.id}`, { role, organizationId }) });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    m.mutate(undefined, {
      onSuccess: () => {
        invalidate(queryKeys.users());
        toast(t("common.saved"));
        onClose();
      },
    });
  };
  return (
    <Modal open title={t("admin.user.editTitle", { name: user.name })} onClose={onClose} testId="admin-user-modal">
      <form className="stack" onSubmit={(e) => void submit(e)}>
        <Select label={t("admin.user.role")} value={role} onChange={(e) => setRole(e.target.value)} options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} data-testid="admin-edit-role" autoFocus />
        <Select label={t("admin.user.organization")} value={organizationId} onChange={(e) => setOrg(e.target.value)} options={orgOptions} data-testid="admin-edit-organization" />
        <ErrorAlert error={m.error} />
        <div className="row-end">
          <Button onClick={onClose}>{t("common.cancel")}</Button>
          <Button type="submit" variant="primary" loading={m.isPending} data-testid="admin-edit-submit">
            {t("common.save")}
          </Button>
        </div>
      </form>
    </Modal>
  );
}

function Tokens() {
  const { t } = useI18n();
  const fmt = useFormat();
  const tokens = useQuery({ queryKey: queryKeys.tokens(), queryFn: ({ signal }) => get<Page<ApiToken>>("/api/v1/tokens", undefined, signal) });
  const [name, setName] = useState("");
  const [days, setDays] = useState("");
  const [secret, setSecret] = useState<string | null>(null);
  const create = useMutation({ mutationFn: () => post<ApiToken>("/api/v1/tokens", { name: name.trim(), expiresInDays: days ? Number(days) : undefined }) });
  const revoke = useMutation({ mutationFn: (id: string) => post<ApiToken>(`/api/v1/tokens/${id}/revoke`) });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    create.mutate(undefined, {
      onSuccess: (created) => {
        setSecret(created.token ?? null);
        setName("");
        setDays("");
        invalidate(queryKeys.tokens());
      },
    });
  };
  const list = (tokens.data?.items ?? []).filter((x) => x.kind === "api");
  return (
    <div className="admin-grid">
      <section className="card">
        {tokens.isLoading ? <Loading /> : null}
        <ErrorAlert error={tokens.error ?? revoke.error} onRetry={() => void tokens.refetch()} />
        {tokens.data && list.length === 0 ? <Empty>{t("admin.token.empty")}</Empty> : null}
        {list.length ? (
          <table className="data" data-testid="admin-tokens">
            <thead>
              <tr>
                <th scope="col">{t("admin.token.name")}</th>
                <th scope="col">{t("admin.token.expires")}</th>
                <th scope="col">{t("admin.token.lastUsed")}</th>
                <th scope="col">{t("admin.token.state")}</th>
                <th scope="col">
                  <span className="sr-only">{t("case.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((x) => (
                <tr key={x.id} data-testid="admin-token-row">
                  <td>{x.name}</td>
                  <td className="small">{x.expiresAt ? fmt.dateTime(x.expiresAt) : t("admin.token.never")}</td>
                  <td className="small">{x.lastUsedAt ? fmt.relative(x.lastUsedAt) : t("admin.token.notUsed")}</td>
                  <td>
                    <span className={`badge ${x.revokedAt ? "tone-gray" : "tone-green"}`}>{x.revokedAt ? t("admin.token.revoked") : t("admin.token.activeState")}</span>
                  </td>
                  <td>
                    {!x.revokedAt ? (
                      <Button
                        variant="danger"
                        onClick={() => {
                          revoke.mutate(x.id, { onSuccess: () => void invalidate(queryKeys.tokens()) });
                        }}
                        data-testid="admin-token-revoke"
                      >
                        {t("admin.token.revoke")}
                      </Button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      <form className="card stack" onSubmit={(e) => void submit(e)} data-testid="admin-token-form">
        <h2 className="h3">{t("admin.token.new")}</h2>
        <TextInput label={t("admin.token.name")} required value={name} onChange={(e) => setName(e.target.value)} maxLength={100} data-testid="admin-token-name" />
        <TextInput label={t("admin.token.expiresInDays")} hint={t("admin.token.expiresHint")} type="number" min={1} max={3650} value={days} onChange={(e) => setDays(e.target.value)} data-testid="admin-token-days" />
        <ErrorAlert error={create.error} />
        <Button type="submit" variant="primary" loading={create.isPending} disabled={!name.trim()} data-testid="admin-token-submit">
          {t("common.create")}
        </Button>
        {secret ? (
          <div className="alert alert-warn" role="status" data-testid="admin-token-secret">
            <div className="stack">
              <strong>{t("admin.token.secret")}</strong>
              <code className="secret">{secret}</code>
              <CopyButton text={secret} />
            </div>
          </div>
        ) : null}
      </form>
    </div>
  );
}
