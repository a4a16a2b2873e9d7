import type { Expression, Selectable, SqlBool } from "kysely";
import type { ListUsersQuery, Role } from "@tandem/contracts";
import type { Queryable } from "../../platform/db.js";
import type { ApiTokensTable, OrganizationsTable, UsersTable } from "../../platform/db-types.js";
import { escapeLike, k, prepare, sqlNow, sqlSecondsAgo } from "../../platform/kysely.js";
import { newId } from "../../platform/ids.js";
import { announceRevocation } from "../../platform/events.js";
import { decodeCursor, page } from "../../platform/pagination.js";

/** A user with the name and kind of their organization. */
export type UserRow = Selectable<UsersTable> & { organization_name: string; organization_kind: Selectable<OrganizationsTable>["kind"] };

const selectUsers = (db: Queryable) =>
  k(db)
    .selectFrom("users as u")
    .innerJoin("organizations as o", "o.id", "u.organization_id")
    .selectAll("u")
    .select(["o.name as organization_name", "o.kind as organization_kind"]);

export async function insertUser(
  tx: Queryable,
  input: { email: string; name: string; role: Role; organizationId: string; passwordHash: string; locale?: string; timeZone?: string },
): Promise<UserRow> {
  const id = newId();
  await k(tx)
    .insertInto("users")
    .values({
      id,
      organization_id: input.organizationId,
      email: input.email.toLowerCase(),
      name: input.name,
      role: input.role,
      password_hash: input.passwordHash,
      locale: input.locale ?? "zh-CN",
      time_zone: input.timeZone ?? "Asia/Shanghai",
    })
    .execute();
  return (await findUser(tx, id))!;
}

export async function findUser(db: Queryable, id: string): Promise<UserRow | null> {
  return (await selectUsers(db).where("u.id", "=", id).executeTakeFirst()) ?? null;
}

export async function findUserByEmail(db: Queryable, email: string): Promise<UserRow | null> {
  return (await selectUsers(db).where("u.email", "=", email.trim().toLowerCase()).executeTakeFirst()) ?? null;
}

export async function countUsers(db: Queryable): Promise<number> {
  const row = await k(db).selectFrom("users").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return row.n;
}

export async function listUsers(db: Queryable, q: ListUsersQuery) {
  const after = decodeCursor(q.cursor, ["text", "uuid"]);
  let query = selectUsers(db).orderBy("u.name").orderBy("u.id").limit(q.limit + 1);
  if (q.organizationId) query = query.where("u.organization_id", "=", q.organizationId);
  if (q.active) query = query.where("u.active", "=", q.active === "true");
  if (q.q) {
    const pattern = `%${escapeLike(q.q)}%`;
    query = query.where((eb) => eb.or([eb("u.name", "ilike", pattern), eb("u.email", "ilike", pattern)]));
  }
  if (after) query = query.where((eb) => eb(eb.refTuple("u.name", "u.id"), ">", eb.tuple(String(after[0]), String(after[1]))));
  return page(await query.execute(), q.limit, (r) => [r.name, r.id]);
}

export async function updateUser(
  tx: Queryable,
  id: string,
  patch: { name?: string; role?: Role; organizationId?: string; active?: boolean; locale?: string; timeZone?: string; passwordHash?: string },
): Promise<UserRow | null> {
  // Fields left undefined are not written.
  await k(tx)
    .updateTable("users")
    .set({
      name: patch.name,
      role: patch.role,
      organization_id: patch.organizationId,
      active: patch.active,
      locale: patch.locale,
      time_zone: patch.timeZone,
      password_hash: patch.passwordHash,
      updated_at: sqlNow,
    })
    .where("id", "=", id)
    .execute();
  return findUser(tx, id);
}

/** A token as it is shown: everything but its hash. */
export type TokenRow = Omit<Selectable<ApiTokensTable>, "token_hash">;
const TOKEN_COLUMNS = ["id", "user_id", "kind", "name", "created_at", "expires_at", "last_used_at", "revoked_at"] as const;

export async function insertToken(tx: Queryable, input: { userId: string; kind: TokenRow["kind"]; name: string; tokenHash: string; expiresAt: Date | null }): Promise<TokenRow> {
  return k(tx)
    .insertInto("api_tokens")
    .values({ id: newId(), user_id: input.userId, kind: input.kind, name: input.name, token_hash: input.tokenHash, expires_at: input.expiresAt })
    .returning(TOKEN_COLUMNS)
    .executeTakeFirstOrThrow();
}

/** What a request's caller is: the live token with this hash and its active user. */
export interface ActiveToken {
  id: string;
  last_used_at: Date | null;
  user: Pick<UserRow, "id" | "name" | "role" | "organization_id">;
}

// Run on every request: prepared once, and only what the authenticator uses.
const activeToken = prepare((db, p: { tokenHash: string; now: Date }) =>
  db
    .selectFrom("api_tokens as t")
    .innerJoin("users as u", "u.id", "t.user_id")
    .select(["t.id", "t.last_used_at", "u.id as user_id", "u.name as user_name", "u.role as user_role", "u.organization_id as user_organization_id"])
    .where("t.token_hash", "=", p.tokenHash)
    .where("t.revoked_at", "is", null)
    .where((eb) => eb.or([eb("t.expires_at", "is", null), eb("t.expires_at", ">", p.now)]))
    .where("u.active", "=", true),
);

/** The live token with this hash and its active user, or null; expiry is judged at `now`, the app's clock (the one that set it). */
export async function findActiveToken(db: Queryable, tokenHash: string, now: Date): Promise<ActiveToken | null> {
  const row = await activeToken.executeTakeFirst(db, { tokenHash, now });
  if (!row) return null;
  return { id: row.id, last_used_at: row.last_used_at, user: { id: row.user_id, name: row.user_name, role: row.user_role, organization_id: row.user_organization_id } };
}

export async function touchToken(db: Queryable, id: string): Promise<void> {
  // Written at most once a minute per token, so reads stay cheap.
  await k(db)
    .updateTable("api_tokens")
    .set({ last_used_at: sqlNow })
    .where("id", "=", id)
    .where((eb) => eb.or([eb("last_used_at", "is", null), eb("last_used_at", "<", sqlSecondsAgo(60))]))
    .execute();
}

/** A token (of `userId` only, unless null), locked for the change that follows. */
export async function findToken(tx: Queryable, id: string, userId: string | null): Promise<TokenRow | null> {
  let query = k(tx).selectFrom("api_tokens").select(TOKEN_COLUMNS).where("id", "=", id);
  if (userId !== null) query = query.where("user_id", "=", userId);
  return (await query.forUpdate().executeTakeFirst()) ?? null;
}

export async function listTokens(db: Queryable, userId: string): Promise<TokenRow[]> {
  return k(db).selectFrom("api_tokens").select(TOKEN_COLUMNS).where("user_id", "=", userId).where("kind", "=", "api").orderBy("created_at", "desc").execute();
}

/** Revokes a token (of `userId` only, unless null); revoking it again keeps the first time. */
export async function revokeToken(tx: Queryable, id: string, userId: string | null): Promise<TokenRow | null> {
  let query = k(tx)
    .updateTable("api_tokens")
    .set((eb) => ({ revoked_at: eb.fn.coalesce("revoked_at", sqlNow) }))
    .where("id", "=", id);
  if (userId !== null) query = query.where("user_id", "=", userId);
  const revoked = (await query.returning(TOKEN_COLUMNS).executeTakeFirst()) ?? null;
  if (revoked) announceRevocation(tx, { tokenIds: [revoked.id] });
  return revoked;
}

/** Revokes every token of a user (deactivation, a new password); their live streams close too. */
export async function revokeAllTokens(tx: Queryable, userId: string): Promise<void> {
  await k(tx).updateTable("api_tokens").set({ revoked_at: sqlNow }).where("user_id", "=", userId).where("revoked_at", "is", null).execute();
  announceRevocation(tx, { userIds: [userId] });
}

/** Of these tokens, the ones still live (not revoked nor expired, their user active), with what their user is now. */
export async function liveTokens(db: Queryable, ids: readonly string[], now: Date): Promise<{ id: string; role: UserRow["role"]; organization_id: string }[]> {
  if (ids.length === 0) return [];
  return k(db)
    .selectFrom("api_tokens as t")
    .innerJoin("users as u", "u.id", "t.user_id")
    .select(["t.id", "u.role", "u.organization_id"])
    .where("t.id", "in", [...ids])
    .where("t.revoked_at", "is", null)
    .where((eb) => eb.or([eb("t.expires_at", "is", null), eb("t.expires_at", ">", now)]))
    .where("u.active", "=", true)
    .execute();
}

/** Whether the user has signed in from this address before. */
export async function isKnownAddress(db: Queryable, userId: string, address: string): Promise<boolean> {
  const row = await k(db).selectFrom("login_known_addresses").select("user_id").where("user_id", "=", userId).where("address", "=", address).executeTakeFirst();
  return row !== undefined;
}

export async function rememberAddress(tx: Queryable, userId: string, address: string, now: Date): Promise<void> {
  await k(tx)
    .insertInto("login_known_addresses")
    .values({ user_id: userId, address, last_success_at: now })
    .onConflict((oc) => oc.columns(["user_id", "address"]).doUpdateSet({ last_success_at: now }))
    .execute();
}

/** Who a notification may reach: the active users named, the supervisors of an organisation, the admins. */
export interface Recipient {
  userId: string;
  role: Role;
  organizationId: string;
}

export async function findRecipients(db: Queryable, to: { userIds?: readonly string[]; supervisorsOf?: string | readonly string[] | null; membersOf?: string | null; admins?: boolean }): Promise<Recipient[]> {
  const ids = [...(to.userIds ?? [])];
  const supervisorsOf = to.supervisorsOf == null ? [] : typeof to.supervisorsOf === "string" ? [to.supervisorsOf] : [...to.supervisorsOf];
  if (ids.length === 0 && supervisorsOf.length === 0 && !to.membersOf && !to.admins) return [];
  const rows = await k(db)
    .selectFrom("users")
    .select(["id", "role", "organization_id"])
    .where("active", "=", true)
    .where((eb) => {
      const any: Expression<SqlBool>[] = [];
      if (ids.length) any.push(eb("id", "in", ids));
      if (supervisorsOf.length) any.push(eb.and([eb("role", "=", "supervisor"), eb("organization_id", "in", supervisorsOf)]));
      if (to.membersOf) any.push(eb("organization_id", "=", to.membersOf));
      if (to.admins) any.push(eb("role", "=", "admin"));
      return eb.or(any);
    })
    .orderBy("id")
    .execute();
  return rows.map((r) => ({ userId: r.id, role: r.role, organizationId: r.organization_id }));
}
