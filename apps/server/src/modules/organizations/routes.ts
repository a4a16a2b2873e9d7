import { z } from "zod";
import { createOrganizationBody } from "@tandem/contracts";
import type { RouteApp } from "../../platform/http.js";
import { authorize } from "../../platform/policies.js";
import { mutate } from "../../platform/idempotency.js";
import { insertOrganization, listOrganizations, presentOrganization } from "./repository.js";

export function organizationRoutes(app: RouteApp): void {
  app.post("/api/v1/organizations", { schema: { tags: ["organizations"], summary: "Create an organization (a department or a partner company)", body: createOrganizationBody } }, async (req, reply) => {
    authorize(req.actor, "organization.create");
    await mutate(app.db, req, reply, 201, async (tx) => presentOrganization(await insertOrganization(tx, req.body)));
  });
  app.get("/api/v1/organizations", { schema: { tags: ["organizations"], summary: "List organizations", querystring: z.strictObject({}) } }, async (req) => {
    authorize(req.actor, "organization.list");
    return { items: (await listOrganizations(app.db)).map(presentOrganization), nextCursor: null };
  });
}
