export { interactionRoutes, recordInteraction } from "./routes.js";
