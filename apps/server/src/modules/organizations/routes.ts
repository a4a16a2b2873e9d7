import { z } from "zod";
import { answers, createOrganizationBody, id, listOrganizationsQuery, organizationSchema, pageOf } from "@tandem/contracts";
import type { RouteApp } from "../../platform/http.js";
import { command } from "../../platform/context.js";
import { notFound } from "../../platform/errors.js";
import { authorize, canReadOrganization } from "./policies.js";
import { createOrganization } from "./create-organization.js";
import { findOrganization, listOrganizations } from "./repository.js";
import { presentOrganization } from "./presenters.js";

export function organizationRoutes(app: RouteApp): void {
  app.post(
    "/api/v1/organizations",
    { schema: { tags: ["organizations"], summary: "Create an organization (a department or a partner company); names are unique", body: createOrganizationBody, response: answers({ 201: organizationSchema }) } },
    async (req, reply) => {
      const actor = authorize(req.actor, "organization.create");
      await command(req, reply, 201, actor, async (ctx) => presentOrganization(await createOrganization(ctx, req.body)));
    },
  );
  app.get("/api/v1/organizations", { schema: { tags: ["organizations"], summary: "List organizations (search by name with q)", querystring: listOrganizationsQuery, response: answers({ 200: pageOf(organizationSchema) }) } }, async (req) => {
    authorize(req.actor, "organization.list");
    const result = await listOrganizations(app.db, req.query);
    return { items: result.items.map(presentOrganization), nextCursor: result.nextCursor };
  });
  app.get(
    "/api/v1/organizations/:id",
    { schema: { tags: ["organizations"], summary: "One organization (staff: any; a partner: its own)", params: z.strictObject({ id }), response: answers({ 200: organizationSchema }) } },
    async (req) => {
      const actor = authorize(req.actor, "organization.read");
      const row = canReadOrganization(actor, req.params.id) ? await findOrganization(app.db, req.params.id) : null;
      if (!row) throw notFound("Organization");
      return presentOrganization(row);
    },
  );
}
