/** Cases: the one accountable owner, parties, the lifecycle, the timeline of events. */
export { caseRoutes } from "./routes.js";
export { addMessage, DEFAULT_REOPEN_WITHIN_MS } from "./commands/add-message.js";
export { changeStatus } from "./commands/change-status.js";
export { changeCase, loadCaseFor, defaultResolvedBy } from "./commands/case-command.js";
export { addParty } from "./commands/add-party.js";
export { assignCase } from "./commands/assign-case.js";
export { createCase, openCase } from "./commands/create-case.js";
export { recordContactOnCase } from "./commands/record-contact.js";
export { caseFacts, countCases, findCase, latestPublicMessages, listCaseEvents, type CaseMilestoneRow, type CaseRow, type PublicMessageRow } from "./repository.js";
export { observeCases, type CaseObserver } from "./observers.js";
export { onResolve, type ResolveHook, type ResolveInput } from "./resolve-hooks.js";
export { presentCase, presentEvent } from "./presenters.js";
export { linkCases, unlinkCases } from "./commands/link-cases.js";
export { caseSubject } from "./case-notifications.js";
export { recordCaseEvent, type CaseEventRow } from "./events.js";
export { authorize as authorizeCase, caseAbilities, caseAccess, caseAudience, visibleCase, visibilityOrg, type CaseAbility } from "./policies.js";
export { supervisorFigures, type DashboardCaseRow, type SupervisorFigures } from "./dashboard-repository.js";
