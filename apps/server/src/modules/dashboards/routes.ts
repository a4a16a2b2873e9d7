import { answers, supervisorDashboardSchema, type DashboardCase } from "@tandem/contracts";
import type { RouteApp } from "../../platform/http.js";
import { isoRequired } from "../../platform/pagination.js";
import { supervisorFigures, visibleCase, visibilityOrg, type DashboardCaseRow } from "../cases/index.js";
import { deadlineFigures } from "../sla/index.js";
import { authorize } from "./policies.js";

const presentCase = (r: DashboardCaseRow): DashboardCase => ({
  id: r.id,
  number: r.number,
  subject: r.subject,
  status: r.status,
  priority: r.priority,
  ownerName: r.owner_user_name,
  organizationName: r.owner_organization_name,
  createdAt: isoRequired(r.created_at),
  ...(r.reopened_at ? { reopenedAt: isoRequired(r.reopened_at) } : {}),
});

export function dashboardRoutes(app: RouteApp): void {
  app.get(
    "/api/v1/dashboard/supervisor",
    { schema: { tags: ["dashboards"], summary: "A supervisor's home: open cases per owner and organisation, unassigned and waiting-on-party counts, the oldest open cases, cases reopened in the last 7 days", response: answers({ 200: supervisorDashboardSchema }) } },
    async (req) => {
      const actor = authorize(req.actor, "dashboard.supervisor");
      const now = req.server.clock();
      const f = await supervisorFigures(app.db, visibilityOrg(actor), now);
      const d = await deadlineFigures(app.db, visibleCase("c", visibilityOrg(actor)), now);
      return {
        generatedAt: now.toISOString(),
        openByOwner: f.byOwner.map((r) => ({ userId: r.user_id, name: r.name, count: r.n })),
        openByOrganization: f.byOrganization.map((r) => ({ organizationId: r.organization_id, name: r.name, count: r.n })),
        open: f.open,
        unassigned: f.unassigned,
        waitingOnParty: f.waitingOnParty,
        oldestOpen: f.oldestOpen.map(presentCase),
        reopenedLast7Days: f.reopened.map(presentCase),
        reopenedLast7DaysCount: f.reopenedCount,
        deadlines: { atRisk: d.at_risk, breachedOpen: d.breached_open, warnedOpen: d.warned_open, breachesLast7Days: d.breaches_7d, metLateLast7Days: d.met_late_7d },
      };
    },
  );
}
