/**
 * Security headers on every answer, and when cookies are `Secure`. The console and the
 * customer's page load only their own hashed scripts (no inline script: see
 * test/security-headers.test.ts, which reads the built pages), talk only to this origin, and are
 * never framed. The customer's page and the API allow no inline style either; the console's
 * component kit (Mantine) writes its theme into `<style>` elements at run time, and Swagger UI
 * sets inline styles, so those pages allow inline styles (never inline scripts).
 */
import type { FastifyRequest } from "fastify";

/** The console's session cookie. */
export const SESSION_COOKIE = "tandem_session";

const PAGE_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const STYLED_POLICY = PAGE_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");

/** Whether the answer is a page that styles itself inline: the console's (any path outside the API and the customer's page) and the API documentation. */
const styledPage = (url: string) => url.startsWith("/api/docs") || !(url.startsWith("/api/") || url.startsWith("/portal") || url === "/metrics" || url.startsWith("/healthz") || url.startsWith("/readyz"));

/** The headers every answer carries, for the path it answers. */
export function securityHeaders(url: string): Record<string, string> {
  return {
    "content-security-policy": styledPage(url) ? STYLED_POLICY : PAGE_POLICY,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
  };
}

/**
 * Cookies are `Secure` when the public URL is https, or when the request itself came over https
 * (directly, or through a proxy listed in TANDEM_TRUSTED_PROXIES that says so).
 */
export function secureCookies(req: FastifyRequest): boolean {
  return req.server.env.publicUrl.startsWith("https://") || req.protocol === "https";
}
