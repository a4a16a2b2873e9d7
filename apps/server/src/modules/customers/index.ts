export { customerRoutes, presentCustomers } from "./routes.js";
export { findOrCreateCustomer } from "./commands/find-or-create-customer.js";
export { findCustomer, customerVisible, type CustomerRow } from "./repository.js";
export { createCustomer } from "./commands/create-customer.js";
