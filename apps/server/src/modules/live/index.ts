export { liveRoutes } from "./routes.js";
export { LiveHub, visibleTo, type ChangeNote } from "./hub.js";
