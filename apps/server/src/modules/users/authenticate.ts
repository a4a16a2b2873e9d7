/**
 * Resolves the caller of an /api request: a bearer token (login session or API token) or the
 * console's session cookie. A cookie on a state-changing request must come with the CSRF header.
 */
import type { FastifyRequest } from "fastify";
import type { Db } from "../../platform/db.js";
import type { Actor } from "../../platform/actor.js";
import { AppError } from "../../platform/errors.js";
import { hashToken, hmac, safeEqual } from "../../platform/passwords.js";
import { findActiveToken, touchToken } from "./repository.js";
import { SESSION_COOKIE } from "../../platform/headers.js";

export { SESSION_COOKIE };
export const CSRF_HEADER = "x-tandem-csrf";

export function csrfTokenFor(secret: string, sessionToken: string): string {
  return hmac(secret, `csrf:${sessionToken}`);
}

export type ExtraAuthenticator = (req: FastifyRequest, token: string) => Promise<Actor | null>;

/** `clock`: the app's clock, which also set the sessions' expiry (tests freeze it). */
export function createAuthenticator(db: Db, secret: string, extra: ExtraAuthenticator[] = [], clock: () => Date = () => new Date()) {
  return async function authenticate(req: FastifyRequest): Promise<Actor | null> {
    const header = req.headers.authorization;
    let token: string | undefined;
    let viaCookie = false;
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) throw new AppError(401, "unauthorized", "The Authorization header must be `Bearer <token>`.");
      token = match[1]!;
    } else if (req.cookies?.[SESSION_COOKIE]) {
      token = req.cookies[SESSION_COOKIE];
      viaCookie = true;
    }
    if (!token) return null;
    if (token.length > 200) throw new AppError(401, "unauthorized", "The token is not valid.");
    // Customer links are bearer tokens only: as a cookie they would skip the CSRF check below.
    if (!viaCookie) {
      for (const other of extra) {
        const actor = await other(req, token);
        if (actor) return actor;
      }
    }
    const now = clock();
    const found = await findActiveToken(db, hashToken(token), now);
    if (!found) {
      if (viaCookie) return null; // a stale cookie is the same as no cookie: the console shows the login
      throw new AppError(401, "unauthorized", "The token is not valid, has expired or was revoked.");
    }
    if (viaCookie && !["GET", "HEAD", "OPTIONS"].includes(req.method)) {
      const sent = req.headers[CSRF_HEADER];
      if (typeof sent !== "string" || !safeEqual(sent, csrfTokenFor(secret, token))) {
        throw new AppError(403, "csrf_failed", `A request signed in by cookie must carry the ${CSRF_HEADER} header.`);
      }
    }
    // last_used_at is kept to the minute: written only when it is older than that.
    if (!found.last_used_at || now.getTime() - found.last_used_at.getTime() > 60_000) void touchToken(db, found.id).catch(() => undefined);
    const user = found.user;
    return {
      type: user.role === "partner_agent" ? "partner" : "user",
      userId: user.id,
      name: user.name,
      role: user.role,
      organizationId: user.organization_id,
      tokenId: found.id,
      viaCookie,
    };
  };
}
