/** Durable due work: what modules schedule (schedule.ts), how they handle it (handlers.ts), and the scheduler role that runs it. */
export { cancel, reschedule, schedule, scheduleMany, wakeSchedulers, DUE_CHANNEL, type DueWorkInput } from "./schedule.js";
export { DueWorkHandlers, RECURRING_KEY, type DueWork, type DueWorkBatchHandler, type DueWorkHandler, type RecurringHandler } from "./handlers.js";
export { Scheduler, DUE_METRICS, type RunResult, type SchedulerOptions } from "./scheduler.js";
export { afterFailure, DEFAULT_BACKOFF, type BackoffPolicy } from "./backoff.js";
export { findDueWork, listDueWork, revive, type DueWorkRow, type DueWorkState } from "./repository.js";
