/** Assembles the scheduler role: the handlers of due work, by kind, and the scheduler that runs them. */
import type { Env } from "./platform/env.js";
import type { WorkerContext } from "./worker.js";
import { DueWorkHandlers, Scheduler } from "./platform/due/index.js";
import { addTestHandlers } from "./platform/due/test-handlers.js";
import { addRetention, retentionRules } from "./platform/retention.js";
import { addDeliveryHandlers } from "./modules/delivery/index.js";
import { addNotificationEmailHandlers } from "./modules/notifications/index.js";
import { addSlaHandlers } from "./modules/sla/index.js";
import { addRemedyHandlers } from "./modules/remedies/index.js";
import { addWebhookDelivery, installIdOf } from "./modules/webhooks/index.js";

/** What the role is built from: the same as the worker role's. */
export type SchedulerContext = WorkerContext;

/** Every kind of due work this version handles. Modules register theirs here. */
export function dueWorkHandlers(env: Env): DueWorkHandlers {
  const handlers = new DueWorkHandlers();
  addRetention(handlers, retentionRules(env));
  addDeliveryHandlers(handlers, env);
  addNotificationEmailHandlers(handlers, env);
  addSlaHandlers(handlers);
  addRemedyHandlers(handlers);
  addWebhookDelivery(handlers, { serverSecret: env.secret, timeoutMs: env.webhooks.timeoutMs, installId: installIdOf(env.secret) });
  if (env.testHandlers) addTestHandlers(handlers);
  return handlers;
}

export function buildScheduler(ctx: SchedulerContext): Scheduler {
  const mail = ctx.env.mail;
  if (mail.maskedUrl) ctx.logger.info({ smtp: mail.maskedUrl, from: mail.from }, "mail to customers and users goes through SMTP");
  else ctx.logger.warn("no SMTP_URL: mail to customers and users is written to the log and marked as not sent");
  return new Scheduler({ db: ctx.db, handlers: dueWorkHandlers(ctx.env), log: ctx.logger.child({ component: "scheduler" }), now: ctx.now });
}
