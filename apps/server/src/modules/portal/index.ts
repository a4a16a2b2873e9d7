export { portalRoutes } from "./routes.js";
export { DEFAULT_LINK_DAYS, insertLink, linkAuthenticator, liveLinkIds, revokeLink, signLink, verifyLink } from "./links.js";
export { firstName } from "./routes.js";
