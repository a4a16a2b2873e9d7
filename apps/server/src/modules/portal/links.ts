/**
 * Customer links: `tcl_<linkId>.<expiry>.<signature>`. The signature (HMAC with TANDEM_SECRET)
 * rejects forged or altered links without a database read; the database row (by hash) makes
 * each link revocable. A link opens exactly one case.
 */
import type { FastifyRequest } from "fastify";
import type { Db, Queryable } from "../../platform/db.js";
import { k } from "../../platform/kysely.js";
import type { Actor } from "../../platform/actor.js";
import { AppError } from "../../platform/errors.js";
import { newId, isId } from "../../platform/ids.js";
import { announceRevocation } from "../../platform/events.js";
import { hashToken, hmac, safeEqual } from "../../platform/passwords.js";

export const LINK_PREFIX = "tcl_";
export const DEFAULT_LINK_DAYS = 30;

export function signLink(secret: string, linkId: string, expiresAt: Date): string {
  const exp = Math.floor(expiresAt.getTime() / 1000).toString(36);
  return `${LINK_PREFIX}${linkId}.${exp}.${hmac(secret, `customer-link:${linkId}.${exp}`)}`;
}

export type LinkCheck = { ok: true; linkId: string; expiresAt: Date } | { ok: false; code: "link_invalid" | "link_expired" };

/** Pure check of a link's form, signature and expiry. */
export function verifyLink(secret: string, token: string, now: Date): LinkCheck {
  const match = /^tcl_([0-9a-f-]{36})\.([0-9a-z]{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match || !isId(match[1]!)) return { ok: false, code: "link_invalid" };
  const [, linkId, exp, sig] = match as unknown as [string, string, string, string];
  if (!safeEqual(sig, hmac(secret, `customer-link:${linkId}.${exp}`))) return { ok: false, code: "link_invalid" };
  const expiresAt = new Date(parseInt(exp, 36) * 1000);
  if (expiresAt.getTime() <= now.getTime()) return { ok: false, code: "link_expired" };
  return { ok: true, linkId, expiresAt };
}

/** A new link to a case; `createdBy` null when Tandem issues it itself (with a delivered message). */
export async function insertLink(tx: Queryable, input: { caseId: string; customerId: string; createdBy: string | null; days: number; secret: string; now: Date }) {
  const id = newId();
  const expiresAt = new Date(input.now.getTime() + input.days * 86400_000);
  expiresAt.setMilliseconds(0);
  const token = signLink(input.secret, id, expiresAt);
  await k(tx)
    .insertInto("customer_links")
    .values({ id, case_id: input.caseId, customer_id: input.customerId, token_hash: hashToken(token), created_by: input.createdBy, expires_at: expiresAt, created_at: input.now })
    .execute();
  return { id, token, expiresAt };
}

/** Withdraws a link; withdrawing it again keeps the first time. */
export async function revokeLink(tx: Queryable, id: string, now: Date): Promise<{ id: string; case_id: string; revoked_at: Date } | null> {
  const row = await k(tx)
    .updateTable("customer_links")
    .set((eb) => ({ revoked_at: eb.fn.coalesce("revoked_at", eb.val(now)) }))
    .where("id", "=", id)
    .returning(["id", "case_id", "revoked_at"])
    .$narrowType<{ revoked_at: Date }>()
    .executeTakeFirst();
  if (row) announceRevocation(tx, { linkIds: [row.id] });
  return row ?? null;
}

/** Of these links, the ones still open at `now` (neither withdrawn nor expired). */
export async function liveLinkIds(db: Queryable, ids: readonly string[], now: Date): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await k(db).selectFrom("customer_links").select("id").where("id", "in", [...ids]).where("revoked_at", "is", null).where("expires_at", ">", now).execute();
  return rows.map((r) => r.id);
}

/** The case a link opens. */
export async function linkCase(db: Queryable, id: string): Promise<string | null> {
  return (await k(db).selectFrom("customer_links").select("case_id").where("id", "=", id).executeTakeFirst())?.case_id ?? null;
}

const MESSAGES: Record<string, string> = {
  link_invalid: "This link is not valid. Ask us for a new one.",
  link_expired: "This link has expired. Ask us for a new one.",
  link_revoked: "This link was withdrawn. Ask us for a new one.",
};

/** Authenticates a customer link used as a bearer token; other tokens are left to the next authenticator. */
export function linkAuthenticator(db: Db, secret: string, clock: () => Date) {
  return async (_req: FastifyRequest, token: string): Promise<Actor | null> => {
    if (!token.startsWith(LINK_PREFIX)) return null;
    const check = verifyLink(secret, token, clock());
    if (!check.ok) throw new AppError(401, check.code, MESSAGES[check.code]!);
    const link = await k(db)
      .selectFrom("customer_links as l")
      .innerJoin("customers as c", "c.id", "l.customer_id")
      .select(["l.id", "l.case_id", "l.customer_id", "l.revoked_at", "c.name"])
      .where("l.id", "=", check.linkId)
      .where("l.token_hash", "=", hashToken(token))
      .executeTakeFirst();
    if (!link) throw new AppError(401, "link_invalid", MESSAGES.link_invalid!);
    if (link.revoked_at) throw new AppError(401, "link_revoked", MESSAGES.link_revoked!);
    return { type: "customer", customerId: link.customer_id, caseId: link.case_id, linkId: link.id, name: link.name };
  };
}
