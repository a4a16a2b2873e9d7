/** Customers: one record per person with every identity, and their whole story across channels. */
export { customerRoutes } from "./routes.js";
export { presentCustomers } from "./presenters.js";
export { findOrCreateCustomer } from "./commands/find-or-create-customer.js";
export { findCustomer, customerVisible, identitiesOf, touchCustomer, type CustomerRow, type IdentityRow } from "./repository.js";
export { createCustomer } from "./commands/create-customer.js";
export { can as canOnCustomers } from "./policies.js";
