/** Deadlines: SLA policies, the milestones of every case, their timers, escalation and automatic updates. */
import { observeCases } from "../cases/index.js";
import { asCaseMilestones, track } from "./track.js";

export { slaRoutes } from "./routes.js";
export { addSlaHandlers, fireDue, fireTimers, SLA_ESCALATE, SLA_RECOMPUTE } from "./fire.js";
export { SLA_TIMER, track } from "./track.js";
export { deadlineFigures, insertPolicy } from "./repository.js";

// Every change to a case recomputes its milestones in the same transaction.
observeCases(async (ctx, kase) => ({ milestones: asCaseMilestones((await track(ctx, kase)).rows) }));
