/**
 * The actions the case's abilities allow; which status to move to is the lifecycle's business.
 * The status buttons keep their places whatever the status (the current one is shown pressed),
 * so a double click never changes the status twice; the rarer actions sit in a "More" menu.
 */
import type { Case, CaseAbility } from "@tandem/contracts";
import { Button as MantineButton, Group, Menu } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useI18n } from "../../i18n";
import { Button, ErrorAlert, toast } from "../../ui";
import { Icon } from "../../ui/icons";
import { useMe } from "../auth/session";
import { assignCase, caseChanged, setCaseStatus } from "./api";

export type ModalName = "assign" | "resolve" | "reopen" | "share" | "link" | "edit" | "handoff" | null;

const ACTIVE_STATUSES = [
  { status: "open", label: "action.backToOpen", testId: "back-to-open" },
  { status: "waiting_on_customer", label: "action.waitCustomer", testId: "wait-customer" },
  { status: "waiting_on_party", label: "action.waitParty", testId: "wait-party" },
] as const;

export function CaseToolbar({ kase, onOpen }: { kase: Case; onOpen: (m: ModalName) => void }) {
  const { t } = useI18n();
  const me = useMe();
  const done = { onSuccess: () => (caseChanged(kase), toast(t("action.done"))) };
  const status = useMutation({ mutationFn: (s: string) => setCaseStatus(kase.id, s) });
  const assignMe = useMutation({ mutationFn: () => assignCase(kase.id, me.id) });
  const can = (action: CaseAbility) => kase.abilities.includes(action);
  const active = kase.status === "open" || kase.status === "waiting_on_customer" || kase.status === "waiting_on_party";
  const more = (["edit", "share", "link"] as const).filter((m) => can(m === "edit" ? "case.update" : m === "share" ? "case.share" : "case.create_customer_link"));
  if (!kase.abilities.some((a) => a !== "case.read" && a !== "case.message" && a !== "case.record_contact")) return null;
  return (
    <div className="actions" role="toolbar" aria-label={t("case.actions")}>
      {can("case.resolve") ? (
        <Button variant="primary" icon="check" onClick={() => onOpen("resolve")} data-testid="resolve-button" aria-keyshortcuts="e">
          {t("action.resolve")}
        </Button>
      ) : null}
      {can("case.assign") && kase.owner.userId !== me.id ? (
        <Button icon="user" loading={assignMe.isPending} onClick={() => assignMe.mutate(undefined, done)} data-testid="assign-to-me">
          {t("action.assignToMe")}
        </Button>
      ) : null}
      {can("case.assign") ? (
        <Button icon="user" variant="subtle" onClick={() => onOpen("assign")} data-testid="assign-button">
          {t("action.assign")}
        </Button>
      ) : null}
      {can("case.handoff") ? (
        <Button icon="share" variant="subtle" onClick={() => onOpen("handoff")} data-testid="handoff-button">
          {t("action.handoff")}
        </Button>
      ) : null}
      {can("case.set_status") && active ? (
        <MantineButton.Group aria-label={t("case.status")}>
          {ACTIVE_STATUSES.map((s) => {
            const current = kase.status === s.status;
            return (
              <MantineButton
                key={s.status}
                variant={current ? "light" : "default"}
                aria-pressed={current}
                disabled={status.isPending}
                onClick={() => !current && status.mutate(s.status, done)}
                leftSection={s.status === "open" ? undefined : <Icon name="clock" size={16} />}
                data-testid={s.testId}
                data-current={current || undefined}
              >
                {t(s.label)}
              </MantineButton>
            );
          })}
        </MantineButton.Group>
      ) : null}
      {can("case.reopen") ? (
        <Button icon="back" onClick={() => onOpen("reopen")} data-testid="reopen-button">
          {t("action.reopen")}
        </Button>
      ) : null}
      {can("case.set_status") && kase.status === "resolved" ? (
        <Button variant="subtle" loading={status.isPending} onClick={() => status.mutate("closed", done)} data-testid="close-button">
          {t("action.close")}
        </Button>
      ) : null}
      {more.length ? (
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <Button variant="subtle" data-testid="case-more">
              {t("action.more")}
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            {more.includes("edit") ? (
              <Menu.Item leftSection={<Icon name="note" size={16} />} onClick={() => onOpen("edit")} data-testid="edit-button">
                {t("action.edit")}
              </Menu.Item>
            ) : null}
            {more.includes("share") ? (
              <Menu.Item leftSection={<Icon name="share" size={16} />} onClick={() => onOpen("share")} data-testid="share-button">
                {t("action.share")}
              </Menu.Item>
            ) : null}
            {more.includes("link") ? (
              <Menu.Item leftSection={<Icon name="link" size={16} />} onClick={() => onOpen("link")} data-testid="customer-link-button">
                {t("action.customerLink")}
              </Menu.Item>
            ) : null}
          </Menu.Dropdown>
        </Menu>
      ) : null}
      <Group w="100%" gap={0} hidden={!status.error && !assignMe.error}>
        <ErrorAlert error={status.error ?? assignMe.error} />
      </Group>
    </div>
  );
}
