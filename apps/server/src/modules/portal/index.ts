export { portalRoutes } from "./routes.js";
export { linkAuthenticator, signLink, verifyLink } from "./links.js";
