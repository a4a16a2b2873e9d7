export { userRoutes } from "./routes.js";
export { createAuthenticator, csrfTokenFor, SESSION_COOKIE, CSRF_HEADER, type ExtraAuthenticator } from "./authenticate.js";
export { countUsers, findRecipients, findUser, findUserByEmail, insertUser, liveTokens, type Recipient, type UserRow } from "./repository.js";
export { presentUser } from "./presenters.js";
