/** Cases: the one accountable owner, parties, the lifecycle, the timeline of events. */
export { caseRoutes } from "./routes.js";
export { addMessage, DEFAULT_REOPEN_WITHIN_MS } from "./commands/add-message.js";
export { changeStatus } from "./commands/change-status.js";
export { changeCase, loadCaseFor, defaultResolvedBy } from "./commands/case-command.js";
export { addParty } from "./commands/add-party.js";
export { assignCase } from "./commands/assign-case.js";
export { createCase, openCase } from "./commands/create-case.js";
export { recordContactOnCase } from "./commands/record-contact.js";
export { caseFacts, countCases, findCase, lockCaseFacts, type CaseFactsRow, latestPublicMessages, listCaseEvents, type CaseMilestoneRow, type CaseRow, type PublicMessageRow } from "./repository.js";
export { observeCases, type CaseObserver } from "./observers.js";
export { presentCase, presentEvent } from "./presenters.js";
export { linkCases, unlinkCases } from "./commands/link-cases.js";
export { caseSubject } from "./case-notifications.js";
export { recordCaseEvent, recordCaseEvents, type CaseEventRow } from "./events.js";
export { authorize as authorizeCase, caseAbilities, caseAccess, caseAudience, canReadMessage, eventReader, readableEvent, visibleCase, visibilityOrg, type CaseAbility, type EventReader } from "./policies.js";
export { handoffCase } from "./commands/handoff-case.js";
export { supervisorFigures, type DashboardCaseRow, type SupervisorFigures } from "./dashboard-repository.js";
export { caseMergeHook } from "./merge-hook.js";
