import { z } from "zod";
import { isoTime, line, listQuery } from "./common.js";

export const DUE_WORK_STATES = ["pending", "failed"] as const;

/** `GET /api/v1/admin/due-work`: work waiting to run (`pending`) or parked after its last attempt failed (`failed`, the default). */
export const listDueWorkQuery = z.strictObject({
  ...listQuery,
  state: z.enum(DUE_WORK_STATES).default("failed"),
  kind: line(100).optional(),
});
export type ListDueWorkQuery = z.infer<typeof listDueWorkQuery>;

export const dueWorkSchema = z.object({
  id: z.string(),
  kind: z.string(),
  key: z.string(),
  state: z.enum(DUE_WORK_STATES),
  dueAt: isoTime,
  payload: z.record(z.string(), z.unknown()),
  /** Failed attempts so far. */
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type DueWorkItem = z.infer<typeof dueWorkSchema>;
