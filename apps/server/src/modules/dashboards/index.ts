/** Dashboards: figures over other modules' data, for a role's first screen (a supervisor's home). */
export { dashboardRoutes } from "./routes.js";
