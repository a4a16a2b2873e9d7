import { z } from "zod";
import { isoTime } from "./common.js";
import { CASE_STATUSES, PRIORITIES } from "./cases.js";

/** A case as a dashboard lists it: enough to recognise it and open it. */
export const dashboardCaseSchema = z.object({
  id: z.string(),
  number: z.string(),
  subject: z.string(),
  status: z.enum(CASE_STATUSES),
  priority: z.enum(PRIORITIES),
  ownerName: z.string().nullable(),
  organizationName: z.string(),
  createdAt: isoTime,
  /** For the reopened list: when it was last reopened. */
  reopenedAt: isoTime.optional(),
});
export type DashboardCase = z.infer<typeof dashboardCaseSchema>;

/**
 * A supervisor's first screen. "Open" means not resolved and not closed (open or waiting on
 * someone). Counts cover every case the caller may see.
 */
export const supervisorDashboardSchema = z.object({
  generatedAt: isoTime,
  /** Open cases per owning user; `userId` null is the unassigned pile. Largest first. */
  openByOwner: z.array(z.object({ userId: z.string().nullable(), name: z.string().nullable(), count: z.number().int() })),
  /** Open cases per owning organisation. Largest first. */
  openByOrganization: z.array(z.object({ organizationId: z.string(), name: z.string(), count: z.number().int() })),
  open: z.number().int(),
  unassigned: z.number().int(),
  waitingOnParty: z.number().int(),
  /** The 10 open cases created longest ago. */
  oldestOpen: z.array(dashboardCaseSchema),
  /** Cases reopened in the 7 days before `generatedAt`, most recent first (up to 20). */
  reopenedLast7Days: z.array(dashboardCaseSchema),
  reopenedLast7DaysCount: z.number().int(),
  /** Deadline figures (the SLA milestones): cases at risk now, unmet milestones breached or warned, breaches in the last 7 days, milestones met late in the last 7 days. */
  deadlines: z
    .object({
      atRisk: z.number().int(),
      breachedOpen: z.number().int(),
      warnedOpen: z.number().int(),
      breachesLast7Days: z.number().int(),
      metLateLast7Days: z.number().int(),
    })
    .optional(),
});
export type SupervisorDashboard = z.infer<typeof supervisorDashboardSchema>;
