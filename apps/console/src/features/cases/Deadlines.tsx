/**
 * A case's deadlines: SLA milestones and the promises made to the customer, each with a countdown.
 * The shapes follow API.md (`milestones: [{ kind, dueAt, status, metAt? }]`); anything else is ignored.
 */
import { useEffect, useState } from "react";
import type { Case } from "@tandem/contracts";
import { useFormat } from "../../lib/format";
import { useI18n, type MessageKey, type TFunction } from "../../i18n";

interface Milestone {
  kind: string;
  dueAt: string;
  status: string;
  metAt?: string | null;
  description?: string;
}

function asDeadlines(c: Case): Milestone[] {
  const out: Milestone[] = [];
  for (const m of c.milestones) {
    if (m && typeof m === "object" && "dueAt" in m && "kind" in m) out.push({ ...(m as Milestone) });
  }
  for (const x of c.commitments) {
    if (x && typeof x === "object" && "dueAt" in x) {
      const cm = x as { dueAt: string; description?: string; status?: string; metAt?: string | null };
      // A commitment usually has its own milestone too: give that one its words, else list it.
      const twin = out.find((m) => m.kind === "commitment" && m.dueAt === cm.dueAt);
      if (twin) twin.description ??= cm.description;
      else out.push({ kind: "commitment", dueAt: cm.dueAt, status: cm.status ?? "active", metAt: cm.metAt, description: cm.description });
    }
  }
  return out.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}

const KINDS = ["first_response", "next_update", "resolution", "commitment", "task"];
const STATUSES = ["active", "paused", "met", "warned", "breached"];
const TONE: Record<string, string> = { active: "blue", paused: "gray", met: "green", warned: "amber", breached: "red" };

export function countdown(t: TFunction, dueAt: string, now: number): string {
  const diff = new Date(dueAt).getTime() - now;
  const abs = Math.abs(diff);
  const d = Math.floor(abs / 86_400_000);
  const h = Math.floor((abs % 86_400_000) / 3_600_000);
  const m = Math.floor((abs % 3_600_000) / 60_000);
  const span = d > 0 ? t("deadline.dh", { d, h }) : h > 0 ? t("deadline.hm", { h, m }) : t("deadline.m", { m: Math.max(m, diff > 0 ? 1 : 0) });
  return diff >= 0 ? t("deadline.left", { span }) : t("deadline.overdue", { span });
}

export function Deadlines({ kase }: { kase: Case }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const [now, setNow] = useState(() => Date.now());
  const items = asDeadlines(kase);
  useEffect(() => {
    if (!items.length) return;
    const h = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(h);
  }, [items.length]);
  if (!items.length) {
    return (
      <p className="muted small" data-testid="case-deadlines">
        {t("case.noDeadlines")}
      </p>
    );
  }
  return (
    <ul className="plain deadlines" data-testid="case-deadlines">
      {items.map((m, i) => {
        // A clock still running: not met (a late one is breached with its metAt), not paused.
        const open = !m.metAt && m.status !== "met" && m.status !== "paused";
        return (
          <li key={`${m.kind}-${m.dueAt}-${i}`} className="deadline" data-testid="deadline" data-kind={m.kind} data-status={m.status}>
            <div className="deadline-head">
              <strong>{KINDS.includes(m.kind) ? t(`deadline.kind.${m.kind}` as MessageKey) : m.kind}</strong>
              <span className={`badge tone-${TONE[m.status] ?? "gray"}`}>{STATUSES.includes(m.status) ? t(`deadline.status.${m.status}` as MessageKey) : m.status}</span>
            </div>
            {m.description ? <div className="small">{m.description}</div> : null}
            <div className="small muted">
              <time dateTime={m.dueAt}>{fmt.dateTime(m.dueAt)}</time>
              {open ? <span className={new Date(m.dueAt).getTime() < now ? "overdue" : ""}> · {countdown(t, m.dueAt, now)}</span> : null}
              {m.metAt ? <span> · {t("deadline.metAt", { time: fmt.dateTime(m.metAt) })}</span> : null}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
