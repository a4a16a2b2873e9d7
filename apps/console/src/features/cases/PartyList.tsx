/** The organisations a case is shared with, each with its access and its own assignee (who may name one: the party's `abilities`). */
import type { Case, CaseParty } from "@tandem/contracts";
import { useMutation } from "@tanstack/react-query";
import { useI18n } from "../../i18n";
import { Button, ErrorAlert, toast } from "../../ui";
import { useMe } from "../auth/session";
import { UserPicker } from "../pickers";
import { caseChanged, setPartyAssignee } from "./api";

export function PartyList({ kase }: { kase: Case }) {
  const { t } = useI18n();
  if (kase.parties.length === 0) return <span className="muted">{t("case.noParties")}</span>;
  return (
    <ul className="plain stack-sm">
      {kase.parties.map((p) => (
        <PartyRow key={p.organizationId} kase={kase} party={p} />
      ))}
    </ul>
  );
}

function PartyRow({ kase, party: p }: { kase: Case; party: CaseParty }) {
  const { t } = useI18n();
  const me = useMe();
  const m = useMutation({ mutationFn: (userId: string | null) => setPartyAssignee(kase.id, p.organizationId, userId) });
  const set = (userId: string | null) => m.mutate(userId, { onSuccess: () => (caseChanged(kase), toast(t("action.done"))) });
  const may = p.abilities.includes("party.set_assignee");
  // A partner desk cannot search the workspace's users: it names itself (or clears the name).
  const staff = me.role !== "partner_agent";
  return (
    <li data-testid="party-row" data-organization-id={p.organizationId}>
      {p.organizationName} <span className="muted small">({t(`access.${p.access}`)})</span>
      <div className="small" data-testid="party-assignee">
        {t("party.assignee")}: {p.assignee?.userName ?? <span className="muted">{t("case.unassigned")}</span>}
      </div>
      {may && staff ? (
        <UserPicker label={t("party.pickAssignee", { organization: p.organizationName })} hideLabel placeholder={t("party.pickAssignee", { organization: p.organizationName })} value={p.assignee?.userId ?? ""} initialText={p.assignee?.userName} onChange={(id) => id && set(id)} keep={(u) => u.organizationId === p.organizationId} testId={`party-assignee-${p.organizationId}`} />
      ) : null}
      {may && !staff && me.organizationId === p.organizationId && p.assignee?.userId !== me.id ? (
        <Button variant="subtle" icon="user" loading={m.isPending} onClick={() => set(me.id)} data-testid="party-assignee-me">
          {t("party.takeIt")}
        </Button>
      ) : null}
      {may && p.assignee ? (
        <Button variant="subtle" loading={m.isPending} onClick={() => set(null)} data-testid="party-assignee-clear">
          {t("party.clear")}
        </Button>
      ) : null}
      <ErrorAlert error={m.error} />
    </li>
  );
}
