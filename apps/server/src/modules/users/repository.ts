import type { Role, User, ApiToken } from "@tandem/contracts";
import type { Queryable } from "../../platform/db.js";
import { newId } from "../../platform/ids.js";
import { decodeCursor, iso, isoRequired, page } from "../../platform/pagination.js";

export interface UserRow {
  id: string;
  organization_id: string;
  organization_name?: string;
  organization_kind?: "department" | "partner";
  email: string;
  name: string;
  role: Role;
  password_hash: string;
  locale: string;
  time_zone: string;
  active: boolean;
  created_at: Date;
}

export const presentUser = (r: UserRow): User => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role,
  organizationId: r.organization_id,
  ...(r.organization_name ? { organizationName: r.organization_name } : {}),
  locale: r.locale,
  timeZone: r.time_zone,
  active: r.active,
  createdAt: isoRequired(r.created_at),
});

const USER_SELECT = `SELECT u.*, o.name AS organization_name, o.kind AS organization_kind FROM users u JOIN organizations o ON o.id = u.organization_id`;

export async function insertUser(
  tx: Queryable,
  input: { email: string; name: string; role: Role; organizationId: string; passwordHash: string; locale?: string; timeZone?: string },
): Promise<UserRow> {
  const id = newId();
  await tx.query(
    `INSERT INTO users (id, organization_id, email, name, role, password_hash, locale, time_zone) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [id, input.organizationId, input.email.toLowerCase(), input.name, input.role, input.passwordHash, input.locale ?? "zh-CN", input.timeZone ?? "Asia/Shanghai"],
  );
  return (await findUser(tx, id))!;
}

export async function findUser(db: Queryable, id: string): Promise<UserRow | null> {
  return (await db.query<UserRow>(`${USER_SELECT} WHERE u.id = $1`, [id]))[0] ?? null;
}

export async function findUserByEmail(db: Queryable, email: string): Promise<UserRow | null> {
  return (await db.query<UserRow>(`${USER_SELECT} WHERE u.email = $1`, [email.trim().toLowerCase()]))[0] ?? null;
}

export async function countUsers(db: Queryable): Promise<number> {
  return (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM users`))[0]!.n;
}

export async function listUsers(db: Queryable, q: { limit: number; cursor?: string; organizationId?: string }) {
  const after = decodeCursor(q.cursor, ["text", "uuid"]);
  const rows = await db.query<UserRow>(
    `${USER_SELECT} WHERE ($1::uuid IS NULL OR u.organization_id = $1)
       AND ($2::text IS NULL OR (u.name, u.id::text) > ($2, $3))
     ORDER BY u.name, u.id LIMIT $4`,
    [q.organizationId ?? null, after?.[0] ?? null, after?.[1] ?? null, q.limit + 1],
  );
  return page(rows, q.limit, (r) => [r.name, r.id]);
}

export async function updateUser(
  tx: Queryable,
  id: string,
  patch: { name?: string; role?: Role; organizationId?: string; active?: boolean; locale?: string; timeZone?: string; passwordHash?: string },
): Promise<UserRow | null> {
  await tx.query(
    `UPDATE users SET name = COALESCE($2, name), role = COALESCE($3, role), organization_id = COALESCE($4, organization_id),
       active = COALESCE($5, active), locale = COALESCE($6, locale), time_zone = COALESCE($7, time_zone),
       password_hash = COALESCE($8, password_hash), updated_at = now() WHERE id = $1`,
    [id, patch.name ?? null, patch.role ?? null, patch.organizationId ?? null, patch.active ?? null, patch.locale ?? null, patch.timeZone ?? null, patch.passwordHash ?? null],
  );
  return findUser(tx, id);
}

export interface TokenRow {
  id: string;
  user_id: string;
  kind: "session" | "api";
  name: string;
  created_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export const presentToken = (r: TokenRow, token?: string): ApiToken => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  createdAt: isoRequired(r.created_at),
  expiresAt: iso(r.expires_at),
  lastUsedAt: iso(r.last_used_at),
  revokedAt: iso(r.revoked_at),
  ...(token ? { token } : {}),
});

export async function insertToken(tx: Queryable, input: { userId: string; kind: "session" | "api"; name: string; tokenHash: string; expiresAt: Date | null }): Promise<TokenRow> {
  const rows = await tx.query<TokenRow>(
    `INSERT INTO api_tokens (id, user_id, kind, name, token_hash, expires_at) VALUES ($1, $2, $3, $4, $5, $6)
     RETURNING id, user_id, kind, name, created_at, expires_at, last_used_at, revoked_at`,
    [newId(), input.userId, input.kind, input.name, input.tokenHash, input.expiresAt],
  );
  return rows[0]!;
}

/** The live token with this hash and its active user, or null. */
export async function findActiveToken(db: Queryable, tokenHash: string): Promise<(TokenRow & { user: UserRow }) | null> {
  const rows = await db.query<TokenRow & { u: UserRow }>(
    `SELECT t.id, t.user_id, t.kind, t.name, t.created_at, t.expires_at, t.last_used_at, t.revoked_at,
            row_to_json(u.*) AS u
       FROM api_tokens t JOIN (${USER_SELECT}) u ON u.id = t.user_id
      WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now()) AND u.active`,
    [tokenHash],
    { prepare: true }, // every authenticated request runs it
  );
  const row = rows[0];
  if (!row) return null;
  const { u, ...token } = row;
  return { ...token, user: u };
}

export async function touchToken(db: Queryable, id: string): Promise<void> {
  // Written at most once a minute per token, so reads stay cheap.
  await db.query(`UPDATE api_tokens SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`, [id]);
}

export async function listTokens(db: Queryable, userId: string): Promise<TokenRow[]> {
  return db.query<TokenRow>(
    `SELECT id, user_id, kind, name, created_at, expires_at, last_used_at, revoked_at FROM api_tokens
      WHERE user_id = $1 AND kind = 'api' ORDER BY created_at DESC`,
    [userId],
  );
}

export async function revokeToken(tx: Queryable, id: string, userId: string | null): Promise<TokenRow | null> {
  const rows = await tx.query<TokenRow>(
    `UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1 AND ($2::uuid IS NULL OR user_id = $2)
     RETURNING id, user_id, kind, name, created_at, expires_at, last_used_at, revoked_at`,
    [id, userId],
  );
  return rows[0] ?? null;
}

export async function revokeAllTokens(tx: Queryable, userId: string): Promise<void> {
  await tx.query(`UPDATE api_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [userId]);
}

/** Counts a failed login in a sliding window; returns the failures in the current window. */
export async function recordLoginFailure(tx: Queryable, key: string, windowSeconds: number): Promise<number> {
  const rows = await tx.query<{ failures: number }>(
    `INSERT INTO login_failures (key, failures, window_started_at) VALUES ($1, 1, now())
     ON CONFLICT (key) DO UPDATE SET
       failures = CASE WHEN login_failures.window_started_at < now() - make_interval(secs => $2) THEN 1 ELSE login_failures.failures + 1 END,
       window_started_at = CASE WHEN login_failures.window_started_at < now() - make_interval(secs => $2) THEN now() ELSE login_failures.window_started_at END
     RETURNING failures`,
    [key, windowSeconds],
  );
  return rows[0]!.failures;
}

export async function loginFailures(db: Queryable, key: string, windowSeconds: number): Promise<number> {
  const rows = await db.query<{ failures: number }>(
    `SELECT failures FROM login_failures WHERE key = $1 AND window_started_at >= now() - make_interval(secs => $2)`,
    [key, windowSeconds],
  );
  return rows[0]?.failures ?? 0;
}

export async function clearLoginFailures(tx: Queryable, key: string): Promise<void> {
  await tx.query(`DELETE FROM login_failures WHERE key = $1`, [key]);
}
