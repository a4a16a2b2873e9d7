export * from "./common.js";
export * from "./organizations.js";
export * from "./customers.js";
export * from "./cases.js";
export * from "./errors.js";
export * from "./portal.js";
export * from "./dashboards.js";
