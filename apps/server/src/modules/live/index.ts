export { liveRoutes } from "./routes.js";
export { LiveHub, LIVE_METRICS, visibleTo, type ChangeNote } from "./hub.js";
