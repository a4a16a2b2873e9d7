/** The audit log: an append-only record of actions outside a case's own history. */
export { audit, type AuditInput } from "./audit.js";
export { auditRoutes } from "./routes.js";
export { recordSecurityEvent, type SecurityEvent } from "./security-events.js";
