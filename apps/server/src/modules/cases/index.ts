export { caseRoutes } from "./routes.js";
export { changeStatus, defaultResolvedBy } from "./commands/change-status.js";
export { addMessage } from "./commands/add-message.js";
export { loadCaseFor } from "./commands/load-case.js";
export { findCase, listCaseEvents, presentCase, presentEvent, type CaseRow } from "./repository.js";
export { addParty } from "./commands/add-party.js";
export { assignCase } from "./commands/assign-case.js";
export { createCase } from "./commands/create-case.js";
