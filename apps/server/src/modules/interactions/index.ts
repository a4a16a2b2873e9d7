/** Interactions: every contact on every channel, on the customer's timeline and the case's. */
export { interactionRoutes } from "./routes.js";
export { recordInteraction, attachInteraction } from "./record-interaction.js";
export { recordOutboundMessage } from "./record-outbound.js";
export { interactionAbilities } from "./policies.js";
export { interactionMergeHook } from "./merge-hook.js";
