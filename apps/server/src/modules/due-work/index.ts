export { dueWorkRoutes } from "./routes.js";
