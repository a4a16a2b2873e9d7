/** Assembles the Tandem HTTP application from the platform and the modules. */
import type { FastifyInstance } from "fastify";
import { createHttp, type AppContext } from "./platform/http.js";
import { systemClock } from "./platform/context.js";
import { organizationRoutes } from "./modules/organizations/index.js";
import { createAuthenticator, userRoutes } from "./modules/users/index.js";
import { customerRoutes, registerMergeHooks } from "./modules/customers/index.js";
import { interactionMergeHook, interactionRoutes } from "./modules/interactions/index.js";
import { caseMergeHook, caseRoutes } from "./modules/cases/index.js";
import { linkAuthenticator, portalRoutes } from "./modules/portal/index.js";
import { liveRoutes } from "./modules/live/index.js";
import { dueWorkRoutes } from "./modules/due-work/index.js";
import { auditRoutes } from "./modules/audit/index.js";
import { notificationRoutes } from "./modules/notifications/index.js";
import { dashboardRoutes } from "./modules/dashboards/index.js";
import { deliveryRoutes } from "./modules/delivery/index.js";
import { slaRoutes } from "./modules/sla/index.js";
import { calendarRoutes } from "./modules/calendars/index.js";
import { remedyMergeHook, remedyRoutes } from "./modules/remedies/index.js";
import { webhookRoutes } from "./modules/webhooks/index.js";
import { taskRoutes } from "./modules/tasks/index.js";
import { outreachRoutes } from "./modules/outreach/index.js";

export async function buildApp(ctx: AppContext): Promise<FastifyInstance> {
  const clock = ctx.clock ?? systemClock;
  // Each module re-points its own rows when two customers are merged (and back on unmerge).
  registerMergeHooks(caseMergeHook, interactionMergeHook, remedyMergeHook);
  const authenticate = createAuthenticator(ctx.db, ctx.env.secret, [linkAuthenticator(ctx.db, ctx.env.secret, clock)], clock);
  return createHttp(ctx, authenticate, (app) => {
    userRoutes(app);
    organizationRoutes(app);
    customerRoutes(app);
    interactionRoutes(app);
    caseRoutes(app);
    portalRoutes(app);
    liveRoutes(app);
    dueWorkRoutes(app);
    notificationRoutes(app);
    auditRoutes(app);
    dashboardRoutes(app);
    deliveryRoutes(app);
    slaRoutes(app);
    calendarRoutes(app);
    remedyRoutes(app);
    webhookRoutes(app);
    taskRoutes(app);
    outreachRoutes(app);
  });
}
