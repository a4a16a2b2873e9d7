/**
 * A case's tasks, grouped per organisation (the owner first, then the parties): open ones with
 * their due countdown, done and closed ones after; done and close where the server's abilities
 * allow, and "New task" for an organisation on the case.
 */
import { useEffect, useState } from "react";
import type { Case, Task } from "@tandem/contracts";
import { CLOSED_BY_CUSTOMER } from "@tandem/contracts";
import { useMutation, useQuery } from "@tanstack/react-query";
import { isNotEmpty, useForm } from "@mantine/form";
import { useFormat } from "../../lib/format";
import { useI18n, type MessageKey } from "../../i18n";
import { Button, ErrorAlert, FormModal, Loading, Select, TextArea, TextInput, toast } from "../../ui";
import { DateTimeField } from "../../ui/DateTimeField";
import { useMe } from "../auth/session";
import { countdown } from "../cases/deadline-state";
import { closeTask, completeTask, createTask, fetchCaseTasks, taskChanged, taskKeys } from "./api";

const TONE: Record<Task["status"], string> = { open: "blue", done: "green", closed: "gray" };
const ORDER: Record<Task["status"], number> = { open: 0, done: 1, closed: 2 };

/** The organisations on the case: the owner, then each party. */
const organizationsOf = (kase: Case) => [{ id: kase.owner.organizationId, name: kase.owner.organizationName ?? "", owner: true }, ...kase.parties.map((p) => ({ id: p.organizationId, name: p.organizationName, owner: false }))];

export function CaseTasks({ kase }: { kase: Case }) {
  const { t } = useI18n();
  const me = useMe();
  const [adding, setAdding] = useState(false);
  const [closing, setClosing] = useState<Task | null>(null);
  const tasks = useQuery({ queryKey: taskKeys.ofCase(kase.id), queryFn: ({ signal }) => fetchCaseTasks(kase.id, signal) });
  const complete = useMutation({ mutationFn: (task: Task) => completeTask(task.id), onSuccess: () => { taskChanged(kase); toast(t("action.done")); } });
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const h = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(h);
  }, []);

  // New tasks: the owner's desk gives them to any organisation on the case, a party records its own.
  const ownerDesk = me.organizationId === kase.owner.organizationId || me.role === "admin";
  const open = kase.status !== "resolved" && kase.status !== "closed";
  const choices = organizationsOf(kase).filter((o) => ownerDesk || o.id === me.organizationId);
  const canAdd = open && kase.abilities.includes("case.update") && choices.length > 0;

  const items = tasks.data?.items ?? [];
  const groups = organizationsOf(kase)
    .map((o) => ({ ...o, tasks: items.filter((x) => x.organizationId === o.id).sort((a, b) => ORDER[a.status] - ORDER[b.status]) }))
    .filter((g) => g.tasks.length > 0);

  return (
    <section className="card" data-testid="case-tasks" aria-labelledby="case-tasks-title">
      <div className="section-head">
        <h2 id="case-tasks-title" className="h3">
          {t("tasks.title")}
        </h2>
        {canAdd ? (
          <Button variant="subtle" icon="plus" onClick={() => setAdding(true)} data-testid="task-add">
            {t("tasks.add")}
          </Button>
        ) : null}
      </div>
      {tasks.isLoading ? <Loading /> : null}
      <ErrorAlert error={tasks.error ?? complete.error} onRetry={() => void tasks.refetch()} />
      {tasks.data && items.length === 0 ? <p className="muted small">{t("tasks.none")}</p> : null}
      {groups.map((g) => (
        <div key={g.id} data-testid="task-group" data-organization-id={g.id}>
          <h3 className="h3">
            {g.name} {g.owner ? <span className="muted">({t("tasks.ownerBadge")})</span> : null}
          </h3>
          <ul className="plain deadlines">
            {g.tasks.map((task) => (
              <TaskRow key={task.id} task={task} now={now} onComplete={() => complete.mutate(task)} completing={complete.isPending && complete.variables?.id === task.id} onClose={() => setClosing(task)} />
            ))}
          </ul>
        </div>
      ))}
      {adding ? <NewTaskModal kase={kase} choices={choices} onClose={() => setAdding(false)} /> : null}
      {closing ? <CloseTaskModal kase={kase} task={closing} onClose={() => setClosing(null)} /> : null}
    </section>
  );
}

function TaskRow({ task, now, onComplete, completing, onClose }: { task: Task; now: number; onComplete: () => void; completing: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const overdue = task.status === "open" && task.dueAt !== null && new Date(task.dueAt).getTime() < now;
  return (
    <li className="deadline" data-testid="task" data-task-id={task.id} data-status={task.status}>
      <div className="deadline-head">
        <strong>{task.title}</strong>
        <span className={`badge tone-${TONE[task.status]}`}>{t(`tasks.status.${task.status}` as MessageKey)}</span>
      </div>
      <div className="small muted">
        {task.dueAt ? (
          <>
            <time dateTime={task.dueAt}>{t("tasks.due", { time: fmt.dateTime(task.dueAt) })}</time>
            {task.status === "open" ? <span className={overdue ? "overdue" : ""}> · {countdown(t, task.dueAt, now)}</span> : null}
          </>
        ) : null}
        {task.status === "done" && task.completedAt ? <span> {t("tasks.doneBy", { name: task.completedBy?.name ?? "", time: fmt.dateTime(task.completedAt) })}</span> : null}
        {task.status === "closed" ? <span> {task.closedReason === CLOSED_BY_CUSTOMER ? t("tasks.closedByCustomer") : t("tasks.closedBecause", { reason: task.closedReason ?? "" })}</span> : null}
      </div>
      {task.abilities.length ? (
        <div className="row-gap small">
          {task.abilities.includes("task.complete") ? (
            <Button variant="subtle" icon="check" onClick={onComplete} loading={completing} aria-label={t("tasks.completeLabel", { title: task.title })} data-testid="task-complete">
              {t("tasks.complete")}
            </Button>
          ) : null}
          {task.abilities.includes("task.close") ? (
            <Button variant="subtle" icon="x" onClick={onClose} aria-label={t("tasks.closeLabel", { title: task.title })} data-testid="task-close">
              {t("tasks.close")}
            </Button>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}

function NewTaskModal({ kase, choices, onClose }: { kase: Case; choices: { id: string; name: string; owner: boolean }[]; onClose: () => void }) {
  const { t } = useI18n();
  const form = useForm({
    // Most tasks go to a party: it is picked first.
    initialValues: { organizationId: (choices.find((o) => !o.owner) ?? choices[0])?.id ?? "", title: "", dueAt: null as string | null },
    validate: { organizationId: isNotEmpty(t("form.required")), title: (v) => (v.trim() ? null : t("form.required")) },
  });
  const m = useMutation({
    mutationFn: (v: typeof form.values) => createTask(kase.id, { organizationId: v.organizationId, title: v.title.trim(), ...(v.dueAt ? { dueAt: v.dueAt } : {}) }),
    onSuccess: () => {
      taskChanged(kase);
      toast(t("action.done"));
      onClose();
    },
  });
  return (
    <FormModal title={t("tasks.addTitle", { number: kase.number })} onClose={onClose} testId="task-modal" onSubmit={form.onSubmit((v) => m.mutate(v))} submitLabel={t("tasks.submit")} submitTestId="task-submit" pending={m.isPending} error={m.error}>
      <Select label={t("tasks.organization")} hint={t("tasks.organizationHint")} required options={choices.map((o) => ({ value: o.id, label: o.name }))} {...form.getInputProps("organizationId")} data-testid="task-organization" />
      <TextInput label={t("tasks.taskTitle")} required autoFocus maxLength={300} {...form.getInputProps("title")} data-testid="task-title" />
      <DateTimeField label={t("tasks.dueAt")} hint={t("tasks.dueHint")} value={form.values.dueAt} onChange={(v) => form.setFieldValue("dueAt", v)} min={new Date().toISOString()} testId="task-due" />
    </FormModal>
  );
}

function CloseTaskModal({ kase, task, onClose }: { kase: Case; task: Task; onClose: () => void }) {
  const { t } = useI18n();
  const form = useForm({ initialValues: { reason: "" }, validate: { reason: (v) => (v.trim() ? null : t("form.required")) } });
  const m = useMutation({
    mutationFn: (v: { reason: string }) => closeTask(task.id, v.reason.trim()),
    onSuccess: () => {
      taskChanged(kase);
      toast(t("action.done"));
      onClose();
    },
  });
  return (
    <FormModal title={t("tasks.closeTitle", { title: task.title })} onClose={onClose} testId="task-close-modal" onSubmit={form.onSubmit((v) => m.mutate(v))} submitLabel={t("tasks.closeSubmit")} submitTestId="task-close-submit" pending={m.isPending} error={m.error}>
      <TextArea label={t("tasks.reason")} required autoFocus maxLength={1000} {...form.getInputProps("reason")} data-testid="task-close-reason" />
    </FormModal>
  );
}
