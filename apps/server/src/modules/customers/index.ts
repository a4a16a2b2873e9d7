/** Customers: one record per person with every identity, and their whole story across channels. */
export { customerRoutes } from "./routes.js";
export { presentCustomers } from "./presenters.js";
export { findOrCreateCustomer } from "./commands/find-or-create-customer.js";
export { findCustomer, customerVisible, identitiesOf, touchCustomer, flagsOf, setCustomerFlag, clearCustomerFlag, type CustomerRow, type IdentityRow, type CustomerFlagRow } from "./repository.js";
export { createCustomer } from "./commands/create-customer.js";
export { can as canOnCustomers } from "./policies.js";
export { importCustomersCommand, exportLinksCommand } from "./import/cli.js";
export { importSettled } from "./identity-routes.js";
export { registerMergeHooks, type MergeHook } from "./merge-hooks.js";
export { consentsOf, putConsent, setTimeZone, lockCustomer, type ConsentRow } from "./contact-preferences.js";
export { customerTimeZone, zoneOfPhone } from "./domain/time-zone.js";
