export { organizationRoutes } from "./routes.js";
export { findOrganization, insertOrganization, listOrganizations, type OrganizationRow } from "./repository.js";
export { createOrganization } from "./create-organization.js";
