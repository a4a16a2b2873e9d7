export { interactionRoutes } from "./routes.js";
export { recordInteraction } from "./record-interaction.js";
