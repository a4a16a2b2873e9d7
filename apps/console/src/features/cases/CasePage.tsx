/**
 * One case: its facts, the whole timeline with who did what, the reply box, the actions the
 * signed-in user may take, and the customer's 360° view beside it.
 */
import { useEffect, useRef, useState } from "react";
import type { CaseAbility, CaseEvent } from "@tandem/contracts";
import { useQuery } from "@tanstack/react-query";
import { queryKeys } from "../../lib/queryClient";
import { usePaged } from "../../lib/paged";
import { Link, useSearchParams } from "../../lib/router";
import { useI18n } from "../../i18n";
import { Empty, ErrorAlert, Loading, PriorityBadge, StatusBadge } from "../../ui";
import { Icon } from "../../ui/icons";
import { Customer360 } from "../customers/Customer360";
import { fetchCase, fetchEvents } from "./api";
import { AssignModal, CustomerLinkModal, EditCaseModal, ReopenModal, ShareModal } from "./CaseActions";
import { ReplyBox } from "./ReplyBox";
import { ResolveModal } from "./ResolveModal";
import { HandoffModal } from "./HandoffModal";
import { HandoffBanner } from "./HandoffBanner";
import { Timeline } from "./Timeline";
import { MessageDeliveries } from "../delivery/MessageDeliveries";
import { Deadlines } from "./Deadlines";
import { CaseFacts } from "./CaseFacts";
import { CaseLinks } from "./CaseLinks";
import { CaseToolbar, type ModalName } from "./CaseToolbar";
import { GoodwillCard, PlaybookCard, RemedyPanel } from "../remedies";
import { isPartner, useMe } from "../auth/session";
import { CaseTasks } from "../tasks/CaseTasks";
import { OutreachPanel } from "../outreach/OutreachPanel";


export default function CasePage({ id }: { id: string }) {
  const { t } = useI18n();
  const me = useMe();
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
        <HandoffBanner kase={c} />
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
        <CaseToolbar kase={c} onOpen={setModal} />
        {c.nextStep || (can("case.update") && c.status !== "resolved" && c.status !== "closed") ? (
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

        <OutreachPanel caseId={c.id} canPlan={can("case.record_contact") && c.status !== "resolved" && c.status !== "closed"} />
        {/* Remedies are staff work (a partner desk may not read them), also on a case its organisation owns. */}
        {c.abilities.includes("case.update") && !isPartner(me) ? <RemedyPanel caseId={c.id} customerId={c.customerId} canOffer={c.status !== "closed"} /> : null}
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
        <CaseLinks kase={c} />
        <CaseTasks kase={c} />
        <section className="card">
          <h2 className="h3">{t("case.deadlines")}</h2>
          <Deadlines kase={c} />
        </section>
        <MessageDeliveries caseId={c.id} />
        {c.abilities.includes("case.assign") ? <PlaybookCard caseId={c.id} /> : null}
        {c.abilities.includes("case.assign") ? <GoodwillCard customerId={c.customerId} /> : null}
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
      {modal === "handoff" ? <HandoffModal kase={c} onClose={() => setModal(null)} /> : null}
    </div>
  );
}
