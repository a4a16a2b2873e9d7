/** Tasks across companies: work given to the owner's organisation or a party on a case, done by it, closed with a reason by the owner. */
import { onResolve } from "../cases/index.js";
import { closeTasksOnResolve } from "./commands/close-on-resolve.js";

export { taskRoutes } from "./routes.js";

// Resolving a case: open tasks refuse it, or are closed in the same transaction.
onResolve(closeTasksOnResolve);
