/** Remedies: the catalogue, fair decisions with their explanations, approvals, the goodwill ledger. */
export { remedyRoutes } from "./routes.js";
export { addRemedyHandlers } from "./commands/escalate-approval.js";
export { remedyMergeHook } from "./merge-hook.js";
