/** Outreach: the contact guard — every outbound contact with a customer planned through one decision. */
import { observeCases } from "../cases/index.js";
import { cancelOutreachOnResolve } from "./commands/cancel-on-resolve.js";

export { outreachRoutes } from "./routes.js";
export { cancelOutreachOnResolve } from "./commands/cancel-on-resolve.js";
export { planOutreach } from "./commands/plan-outreach.js";

// Resolving a case, by any path, cancels its scheduled contacts in the resolving transaction.
observeCases(async (ctx, kase, eventTypes) => {
  if (eventTypes.includes("case.resolved")) await cancelOutreachOnResolve(ctx, kase);
});
