/**
 * One case: its facts, the whole timeline with who did what, the reply box, the actions the
 * signed-in user may take, and the customer's 360° view beside it.
 */
import { useEffect, useRef, useState } from "react";
import type { Case, CaseAbility, CaseEvent } from "@tandem/contracts";
import { useMutation, useQuery } from "@tanstack/react-query";
import { queryKeys } from "../../lib/queryClient";
import { usePaged } from "../../lib/paged";
import { Link, useSearchParams } from "../../lib/router";
import { useFormat } from "../../lib/format";
import { useI18n, type MessageKey } from "../../i18n";
import { Button, Empty, ErrorAlert, Loading, PriorityBadge, StatusBadge, toast } from "../../ui";
import { Icon, channelIcon } from "../../ui/icons";
import { useMe } from "../auth/session";
import { Customer360 } from "../customers/Customer360";
import { caseChanged, fetchCase, fetchEvents, setCaseStatus } from "./api";
import { AssignModal, CustomerLinkModal, EditCaseModal, ReopenModal, ShareModal } from "./CaseActions";
import { ReplyBox } from "./ReplyBox";
import { ResolveModal } from "./ResolveModal";
import { Timeline } from "./Timeline";
import { Deadlines } from "./Deadlines";
import { assignCase } from "./api";

type ModalName = "assign" | "resolve" | "reopen" | "share" | "link" | "edit" | null;

export default function CasePage({ id }: { id: string }) {
  const { t } = useI18n();
  const kase = useQuery({ queryKey: queryKeys.case(id), queryFn: ({ signal }) => fetchCase(id, signal) });
  const events = usePaged<CaseEvent>(queryKeys.events(id), (cursor, signal) => fetchEvents(id, cursor, signal));
  const [modal, setModal] = useState<ModalName>(null);
  const replyRef = useRef<HTMLTextAreaElement>(null);
  const [params, setParams] = useSearchParams();

  // Fetch the whole timeline, page after page: the newest entries are at its end.
  const { hasMore, loadingMore, moreError, loadMore } = events;
  useEffect(() => {
    if (hasMore && !loadingMore && !moreError) void loadMore();
  }, [hasMore, loadingMore, moreError, loadMore]);

  useEffect(() => {
    if (kase.data) document.title = `${kase.data.number} · ${kase.data.subject}`;
  }, [kase.data]);

  useEffect(() => {
    if (params.get("reply") && kase.data && replyRef.current) {
      replyRef.current.focus();
      setParams({ reply: null });
    }
  }, [params, kase.data]); // eslint-disable-line react-hooks/exhaustive-deps

  const c = kase.data;
  // What the signed-in user may do here comes from the server (the case's abilities), never from a copy of its policy.
  const can = (action: CaseAbility) => Boolean(c?.abilities.includes(action));
  const canResolve = can("case.resolve");

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (e.metaKey || e.ctrlKey || e.altKey || modal) return;
      if (["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName) || target.isContentEditable || target.closest("dialog")) return;
      if (e.key === "r" && replyRef.current) {
        e.preventDefault();
        replyRef.current.focus();
      } else if (e.key === "e" && canResolve) {
        e.preventDefault();
        setModal("resolve");
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [modal, canResolve]);

  if (kase.isLoading) return <Loading />;
  if (!c)
    return (
      <div className="page narrow">
        <ErrorAlert error={kase.error} onRetry={() => void kase.refetch()} />
        <Link to="/">{t("case.back")}</Link>
      </div>
    );

  return (
    <div className="page case-page" data-testid="case-page" data-case-id={c.id}>
      <div className="case-main">
        <Link to="/" className="back">
          <Icon name="back" size={16} /> {t("case.back")}
        </Link>
        <div className="case-title">
          <span className="mono case-number" data-testid="case-number">
            {c.number}
          </span>
          <StatusBadge status={c.status} testId="case-status" />
          <PriorityBadge priority={c.priority} />
        </div>
        <h1 className="case-subject" data-testid="case-subject">
          {c.subject}
        </h1>
        <CaseActionsBar kase={c} onOpen={setModal} />
        {c.nextStep || can("case.update") ? (
          <section className="card next-step">
            <h2 className="h3">{t("case.nextStep")}</h2>
            <p className="pre" data-testid="case-next-step">
              {c.nextStep ?? <span className="muted">{t("case.noNextStep")}</span>}
            </p>
          </section>
        ) : null}
        {c.description ? (
          <section className="card">
            <h2 className="h3">{t("case.description")}</h2>
            <p className="pre">{c.description}</p>
          </section>
        ) : null}
        {c.resolution && (c.status === "resolved" || c.status === "closed") ? (
          <section className="card card-ok">
            <h2 className="h3">{t("case.resolution")}</h2>
            <p className="pre" data-testid="case-resolution">
              {c.resolution}
            </p>
          </section>
        ) : null}

        <section aria-labelledby="tl-title">
          <div className="section-head">
            <h2 id="tl-title" className="h2">
              {t("case.timeline")}
            </h2>
            {events.items.length ? (
              <span className="row-gap small">
                <span className="muted">{t("case.timelineCount", { count: events.items.length })}</span>
                {events.items.length > 8 ? (
                  <button type="button" className="link-btn" onClick={() => document.getElementById("case-end")?.scrollIntoView({ block: "end" })} data-testid="jump-latest">
                    {t("case.jumpLatest")} ↓
                  </button>
                ) : null}
              </span>
            ) : null}
          </div>
          {events.isLoading ? <Loading /> : null}
          <ErrorAlert error={events.data ? null : events.error} onRetry={() => void events.refetch()} />
          {events.data && events.items.length === 0 ? <Empty icon="clock">{t("case.timelineEmpty")}</Empty> : null}
          <Timeline events={events.items} />
          {events.loadingMore ? <Loading label={t("common.loadingMore")} /> : null}
          <ErrorAlert error={events.moreError} onRetry={() => void events.loadMore()} />
        </section>

        {can("case.message") ? (
          <ReplyBox kase={c} ref={replyRef} />
        ) : c.status === "closed" ? (
          <p className="muted">{t("reply.closed")}</p>
        ) : (
          <p className="muted">{t("reply.readOnly")}</p>
        )}
        <div id="case-end" />
      </div>

      <aside className="case-side">
        <CaseFacts kase={c} />
        <section className="card">
          <h2 className="h3">{t("case.deadlines")}</h2>
          <Deadlines kase={c} />
        </section>
        <div className="card">
          <Customer360 customerId={c.customerId} compact caseId={c.id} canContact={can("case.record_contact")} />
        </div>
      </aside>

      {modal === "resolve" ? <ResolveModal kase={c} onClose={() => setModal(null)} /> : null}
      {modal === "assign" ? <AssignModal kase={c} onClose={() => setModal(null)} /> : null}
      {modal === "reopen" ? <ReopenModal kase={c} onClose={() => setModal(null)} /> : null}
      {modal === "share" ? <ShareModal kase={c} onClose={() => setModal(null)} /> : null}
      {modal === "link" ? <CustomerLinkModal kase={c} onClose={() => setModal(null)} /> : null}
      {modal === "edit" ? <EditCaseModal kase={c} onClose={() => setModal(null)} /> : null}
    </div>
  );
}

/** The actions the case's abilities allow; which status to move to is the lifecycle's business. */
function CaseActionsBar({ kase, onOpen }: { kase: Case; onOpen: (m: ModalName) => void }) {
  const { t } = useI18n();
  const me = useMe();
  const status = useMutation({ mutationFn: (s: string) => setCaseStatus(kase.id, s) });
  const assignMe = useMutation({ mutationFn: () => assignCase(kase.id, me.id) });
  const can = (action: CaseAbility) => kase.abilities.includes(action);
  const waiting = kase.status === "waiting_on_customer" || kase.status === "waiting_on_party";
  const active = kase.status === "open" || waiting;
  const setStatus = async (s: string) => {
    status.mutate(s, {
      onSuccess: () => {
        caseChanged(kase);
        toast(t("action.done"));
      },
    });
  };
  if (!kase.abilities.some((a) => a !== "case.read" && a !== "case.message" && a !== "case.record_contact")) return null;
  return (
    <div className="actions" role="toolbar" aria-label={t("case.actions")}>
      {can("case.resolve") ? (
        <Button variant="primary" icon="check" onClick={() => onOpen("resolve")} data-testid="resolve-button" aria-keyshortcuts="e">
          {t("action.resolve")}
        </Button>
      ) : null}
      {can("case.assign") && kase.owner.userId !== me.id ? (
        <Button
          icon="user"
          loading={assignMe.isPending}
          onClick={() => {
            assignMe.mutate(undefined, {
              onSuccess: () => {
                caseChanged(kase);
                toast(t("action.done"));
              },
            });
          }}
          data-testid="assign-to-me"
        >
          {t("action.assignToMe")}
        </Button>
      ) : null}
      {can("case.assign") ? (
        <Button icon="user" variant="subtle" onClick={() => onOpen("assign")} data-testid="assign-button">
          {t("action.assign")}
        </Button>
      ) : null}
      {can("case.set_status") && active && kase.status !== "waiting_on_customer" ? (
        <Button variant="subtle" icon="clock" loading={status.isPending} onClick={() => void setStatus("waiting_on_customer")} data-testid="wait-customer">
          {t("action.waitCustomer")}
        </Button>
      ) : null}
      {can("case.set_status") && active && kase.status !== "waiting_on_party" ? (
        <Button variant="subtle" icon="clock" loading={status.isPending} onClick={() => void setStatus("waiting_on_party")} data-testid="wait-party">
          {t("action.waitParty")}
        </Button>
      ) : null}
      {can("case.set_status") && waiting ? (
        <Button variant="subtle" loading={status.isPending} onClick={() => void setStatus("open")} data-testid="back-to-open">
          {t("action.backToOpen")}
        </Button>
      ) : null}
      {can("case.reopen") ? (
        <Button icon="back" onClick={() => onOpen("reopen")} data-testid="reopen-button">
          {t("action.reopen")}
        </Button>
      ) : null}
      {can("case.set_status") && kase.status === "resolved" ? (
        <Button variant="subtle" loading={status.isPending} onClick={() => void setStatus("closed")} data-testid="close-button">
          {t("action.close")}
        </Button>
      ) : null}
      {can("case.update") ? (
        <Button variant="subtle" icon="note" onClick={() => onOpen("edit")} data-testid="edit-button">
          {t("action.edit")}
        </Button>
      ) : null}
      {can("case.share") ? (
        <Button variant="subtle" icon="share" onClick={() => onOpen("share")} data-testid="share-button">
          {t("action.share")}
        </Button>
      ) : null}
      {can("case.create_customer_link") ? (
        <Button variant="subtle" icon="link" onClick={() => onOpen("link")} data-testid="customer-link-button">
          {t("action.customerLink")}
        </Button>
      ) : null}
      <ErrorAlert error={status.error ?? assignMe.error} />
    </div>
  );
}

function CaseFacts({ kase }: { kase: Case }) {
  const { t } = useI18n();
  const fmt = useFormat();
  return (
    <section className="card">
      <dl className="facts">
        <dt>{t("case.customer")}</dt>
        <dd>
          <Link to={`/customers/${kase.customerId}`}>{kase.customerName}</Link>
        </dd>
        <dt>{t("case.owner")}</dt>
        <dd data-testid="case-owner">{kase.owner.userName ?? <span className="muted">{t("case.unassigned")}</span>}</dd>
        <dt>{t("case.ownerOrg")}</dt>
        <dd>{kase.owner.organizationName}</dd>
        <dt>{t("case.kind")}</dt>
        <dd>{t(`kind.${kase.kind}` as MessageKey)}</dd>
        <dt>{t("case.channel")}</dt>
        <dd>
          <Icon name={channelIcon(kase.channel)} size={15} /> {t(`channel.${kase.channel}` as MessageKey)}
        </dd>
        <dt>{t("case.category")}</dt>
        <dd>{kase.category ?? t("common.none")}</dd>
        <dt>{t("case.created")}</dt>
        <dd>{fmt.dateTime(kase.createdAt)}</dd>
        <dt>{t("case.updated")}</dt>
        <dd>{fmt.dateTime(kase.updatedAt)}</dd>
        <dt>{t("case.parties")}</dt>
        <dd data-testid="case-parties">
          {kase.parties.length === 0 ? (
            <span className="muted">{t("case.noParties")}</span>
          ) : (
            <ul className="plain">
              {kase.parties.map((p) => (
                <li key={p.organizationId}>
                  {p.organizationName} <span className="muted small">({t(`access.${p.access}`)})</span>
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
    </section>
  );
}
