import { z } from "zod";
import { answers, apiTokenSchema, createTokenBody, createUserBody, id, listUsersQuery, loginBody, loginResultSchema, pageOf, updateMeBody, updateUserBody, userSchema } from "@tandem/contracts";
import type { RouteApp } from "../../platform/http.js";
import { authorize } from "./policies.js";
import { asSelf, presentToken, presentUser } from "./presenters.js";
import { command } from "../../platform/context.js";
import { audit } from "../audit/index.js";
import { userChange, type AuditedUser } from "./domain/user-audit.js";
import { badRequest, conflict, notFound, unauthorized } from "../../platform/errors.js";
import { hashPassword, hashToken, newToken } from "../../platform/passwords.js";
import { secureCookies } from "../../platform/headers.js";
import { SESSION_MAX_AGE_SECONDS, signIn, SignInLimited } from "./sign-in.js";
import { findOrganization } from "../organizations/index.js";
import { csrfTokenFor, SESSION_COOKIE } from "./authenticate.js";
import {
  findToken,
  findUser,
  findUserByEmail,
  insertToken,
  insertUser,
  listTokens,
  listUsers,
  revokeAllTokens,
  revokeToken,
  updateUser,
  type UserRow,
} from "./repository.js";

const oneUser = answers({ 200: userSchema });
const oneToken = answers({ 200: apiTokenSchema });

export function userRoutes(app: RouteApp): void {
  app.post("/api/v1/auth/login", { schema: { tags: ["auth"], summary: "Sign in with e-mail and password", body: loginBody, security: [], response: answers({ 200: loginResultSchema }) } }, async (req, reply) => {
    try {
      const { token, user } = await signIn(app.db, { ...req.body, address: req.ip, userAgent: req.headers["user-agent"] }, app.clock(), req.log);
      reply.setCookie(SESSION_COOKIE, token, { path: "/", httpOnly: true, sameSite: "lax", secure: secureCookies(req), maxAge: SESSION_MAX_AGE_SECONDS });
      return { token, csrfToken: csrfTokenFor(app.env.secret, token), user: presentUser(user, asSelf(user)) };
    } catch (error) {
      if (error instanceof SignInLimited) reply.header("retry-after", String(error.retryAfterSeconds));
      throw error;
    }
  });

  app.post("/api/v1/auth/logout", { schema: { tags: ["auth"], summary: "Sign out: revoke this session", response: answers({ 200: z.object({ ok: z.literal(true) }) }) } }, async (req, reply) => {
    const actor = authorize(req.actor, "token.manage_own");
    await revokeToken(app.db, actor.tokenId, actor.userId);
    reply.clearCookie(SESSION_COOKIE, { path: "/" });
    return { ok: true as const };
  });

  app.get("/api/v1/auth/me", { schema: { tags: ["auth"], summary: "The signed-in user", response: answers({ 200: z.object({ user: userSchema, csrfToken: z.string().nullable() }) }) } }, async (req) => {
    const actor = authorize(req.actor, "token.manage_own");
    const user = await findUser(app.db, actor.userId);
    if (!user) throw unauthorized();
    const cookieToken = req.cookies[SESSION_COOKIE];
    return { user: presentUser(user, actor), csrfToken: actor.viaCookie && cookieToken ? csrfTokenFor(app.env.secret, cookieToken) : null };
  });

  app.patch("/api/v1/auth/me", { schema: { tags: ["auth"], summary: "Change your own language or time zone", body: updateMeBody, response: oneUser } }, async (req) => {
    const actor = authorize(req.actor, "token.manage_own");
    if (req.body.timeZone) assertTimeZone(req.body.timeZone);
    return presentUser((await updateUser(app.db, actor.userId, req.body))!, actor);
  });

  app.post("/api/v1/users", { schema: { tags: ["users"], summary: "Create a user", body: createUserBody, response: answers({ 201: userSchema }) } }, async (req, reply) => {
    const actor = authorize(req.actor, "user.create");
    if (req.body.timeZone) assertTimeZone(req.body.timeZone);
    const passwordHash = await hashPassword(req.body.password);
    await command(req, reply, 201, actor, async (ctx) => {
      const { tx } = ctx;
      const org = await findOrganization(tx, req.body.organizationId);
      if (!org) throw badRequest("The organization does not exist.", [{ path: "body.organizationId", message: "unknown organization" }]);
      if (req.body.role === "partner_agent" && org.kind !== "partner") throw badRequest("A partner agent must belong to a partner organization.", [{ path: "body.organizationId", message: "not a partner" }]);
      if (req.body.role !== "partner_agent" && org.kind === "partner") throw badRequest("Staff roles belong to a department; use the role partner_agent for a partner organization.", [{ path: "body.role", message: "partner organizations have partner agents" }]);
      if (await findUserByEmail(tx, req.body.email)) throw conflict("email_taken", "A user with this e-mail already exists.");
      const user = await insertUser(tx, { ...req.body, passwordHash });
      await audit(ctx, { action: "user.created", subject: { type: "user", id: user.id }, after: audited(user), organizationId: user.organization_id });
      return presentUser(user, actor);
    });
  });

  app.get("/api/v1/users", { schema: { tags: ["users"], summary: "List users", querystring: listUsersQuery, response: answers({ 200: pageOf(userSchema) }) } }, async (req) => {
    const actor = authorize(req.actor, "user.list");
    const result = await listUsers(app.db, req.query);
    return { items: result.items.map((u) => presentUser(u, actor)), nextCursor: result.nextCursor };
  });

  app.get("/api/v1/users/:id", { schema: { tags: ["users"], summary: "Get a user", params: z.strictObject({ id }), response: oneUser } }, async (req) => {
    const actor = authorize(req.actor, "user.list");
    const user = await findUser(app.db, req.params.id);
    if (!user) throw notFound("User");
    return presentUser(user, actor);
  });

  app.patch("/api/v1/users/:id", { schema: { tags: ["users"], summary: "Change a user's name, role, organization or state; deactivating signs them out", params: z.strictObject({ id }), body: updateUserBody, response: oneUser } }, async (req, reply) => {
    const actor = authorize(req.actor, "user.update");
    if (req.body.timeZone) assertTimeZone(req.body.timeZone);
    if (req.params.id === actor.userId && (req.body.active === false || (req.body.role && req.body.role !== "admin"))) {
      throw conflict("self_lockout", "You cannot deactivate yourself or remove your own admin role.");
    }
    const passwordHash = req.body.password ? await hashPassword(req.body.password) : undefined;
    await command(req, reply, 200, actor, async (ctx) => {
      const { tx } = ctx;
      const before = await findUser(tx, req.params.id);
      if (!before) throw notFound("User");
      const org = await findOrganization(tx, req.body.organizationId ?? before.organization_id);
      if (!org) throw badRequest("The organization does not exist.", [{ path: "body.organizationId", message: "unknown organization" }]);
      // The same rule as on creation: partner agents belong to partners, staff to departments.
      if (((req.body.role ?? before.role) === "partner_agent") !== (org.kind === "partner")) {
        throw badRequest("Partner agents belong to a partner organization and staff roles to a department.", [{ path: req.body.role ? "body.role" : "body.organizationId", message: "role and organization kind do not match" }]);
      }
      const { password: _password, ...patch } = req.body;
      const after = (await updateUser(tx, req.params.id, { ...patch, passwordHash }))!;
      if (req.body.active === false || passwordHash) await revokeAllTokens(tx, after.id);
      const change = userChange(audited(before), audited(after), Boolean(passwordHash));
      if (change) await audit(ctx, { ...change, subject: { type: "user", id: after.id }, organizationId: after.organization_id });
      return presentUser(after, actor);
    });
  });

  app.get("/api/v1/tokens", { schema: { tags: ["auth"], summary: "Your API tokens", response: answers({ 200: pageOf(apiTokenSchema) }) } }, async (req) => {
    const actor = authorize(req.actor, "token.manage_own");
    return { items: (await listTokens(app.db, actor.userId)).map((t) => presentToken(t)), nextCursor: null };
  });

  app.post("/api/v1/tokens", { schema: { tags: ["auth"], summary: "Create an API token; its secret is shown once", body: createTokenBody, response: answers({ 201: apiTokenSchema }) } }, async (req, reply) => {
    const actor = authorize(req.actor, "token.manage_own");
    const token = newToken();
    await command(req, reply, 201, actor, async (ctx) => {
      const expiresAt = req.body.expiresInDays ? new Date(ctx.now.getTime() + req.body.expiresInDays * 86400_000) : null;
      const row = await insertToken(ctx.tx, { userId: actor.userId, kind: "api", name: req.body.name, tokenHash: hashToken(token), expiresAt });
      await audit(ctx, { action: "token.created", subject: { type: "api_token", id: row.id }, after: { userId: row.user_id, name: row.name, expiresAt: row.expires_at } });
      return presentToken(row, token);
    });
  });

  app.post("/api/v1/tokens/:id/revoke", { schema: { tags: ["auth"], summary: "Revoke one of your API tokens", params: z.strictObject({ id }), response: oneToken } }, async (req, reply) => {
    const actor = authorize(req.actor, "token.manage_own");
    await command(req, reply, 200, actor, async (ctx) => {
      const owner = actor.role === "admin" ? null : actor.userId;
      const before = await findToken(ctx.tx, req.params.id, owner);
      if (!before) throw notFound("Token");
      const revoked = (await revokeToken(ctx.tx, req.params.id, owner))!;
      // Revoking again changes nothing, and records nothing.
      if (!before.revoked_at) await audit(ctx, { action: "token.revoked", subject: { type: "api_token", id: revoked.id }, before: { revokedAt: null }, after: { userId: revoked.user_id, name: revoked.name, revokedAt: revoked.revoked_at } });
      return presentToken(revoked);
    });
  });
}

const audited = (u: UserRow): AuditedUser => ({ email: u.email, name: u.name, role: u.role, organizationId: u.organization_id, active: u.active, locale: u.locale, timeZone: u.time_zone });

function assertTimeZone(tz: string): void {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
  } catch {
    throw badRequest(`Unknown time zone "${tz}".`, [{ path: "body.timeZone", message: "must be an IANA time zone such as Asia/Shanghai" }]);
  }
}
