/** Assembles the worker role: the outbox relay and the subscribers it hands events to. */
import type { Logger } from "pino";
import type { Db } from "./platform/db.js";
import type { Env } from "./platform/env.js";
import { OutboxRelay } from "./platform/outbox/relay.js";
import { OutboxSubscribers } from "./platform/outbox/subscribers.js";
import { webhookSubscriber } from "./modules/webhooks/index.js";

export interface WorkerContext {
  db: Db;
  env: Env;
  logger: Logger;
  now: () => Date;
}

export function buildWorker(ctx: WorkerContext): OutboxRelay {
  // Modules register their subscribers here.
  const subscribers = new OutboxSubscribers();
  subscribers.add("webhooks", webhookSubscriber(ctx.now));
  return new OutboxRelay({ db: ctx.db, subscribers, log: ctx.logger.child({ component: "outbox-relay" }), now: ctx.now });
}
