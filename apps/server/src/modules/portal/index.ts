export { portalRoutes } from "./routes.js";
export { linkAuthenticator, liveLinkIds, signLink, verifyLink } from "./links.js";
