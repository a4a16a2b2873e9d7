/**
 * Signing in with e-mail and password. The attempt is counted in the database before the
 * password is checked (platform/throttle.ts), so parallel guesses — from one process or many —
 * get no more checks than the budgets allow (domain/sign-in-budgets.ts); a success gives its
 * slots back, clears its address's failures and makes the address known. A hash cheaper than the current cost is replaced.
 */
import type { Db } from "../../platform/db.js";
import type { Log } from "../../platform/context.js";
import { AppError, unauthorized } from "../../platform/errors.js";
import { dummyPasswordHash, hashPassword, hashToken, needsRehash, newToken, verifyPassword } from "../../platform/passwords.js";
import { recordSecurityEvent } from "../audit/index.js";
import { clearAttempts, refundAttempt, takeAttempt } from "../../platform/throttle.js";
import { signInBudgets, type SignInBudget } from "./domain/sign-in-budgets.js";
import { findUserByEmail, insertToken, isKnownAddress, rememberAddress, updateUser, type UserRow } from "./repository.js";

const SESSION_DAYS = 14;

export class SignInLimited extends AppError {
  constructor(public readonly retryAfterSeconds: number) {
    const minutes = Math.ceil(retryAfterSeconds / 60);
    super(429, "rate_limited", `Too many sign-in attempts for this account from here. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`);
  }
}

export async function signIn(db: Db, input: { email: string; password: string; address: string; userAgent: string | undefined }, now: Date, log: Log): Promise<{ token: string; user: UserRow }> {
  const email = input.email.trim().toLowerCase();
  const user = await findUserByEmail(db, email);
  const familiar = user ? await isKnownAddress(db, user.id, input.address) : false;
  const budgets = signInBudgets(email, input.address, familiar);
  const taken = await takeAttempt(db, budgets, now);
  const facts = { email, address: input.address };
  if (!taken.ok) {
    await recordSecurityEvent(db, { actor: null, now, log }, { type: "login.refused", scope: (taken.budget as SignInBudget).scope, ...facts, retryAfterSeconds: taken.retryAfterSeconds });
    throw new SignInLimited(taken.retryAfterSeconds);
  }
  const ok = await verifyPassword(input.password, user?.password_hash ?? dummyPasswordHash());
  if (!user || !ok || !user.active) {
    for (const budget of taken.exhausted as SignInBudget[]) await recordSecurityEvent(db, { actor: null, now, log }, { type: "login.locked", scope: budget.scope, ...facts });
    throw unauthorized("The e-mail or password is wrong, or the account is deactivated.");
  }
  const rehash = needsRehash(user.password_hash) ? await hashPassword(input.password) : null;
  const token = newToken();
  await db.transaction(async (tx) => {
    // The attempt gives its slots back, and this address's earlier typos are forgiven; guesses
    // from other addresses stay counted.
    await refundAttempt(tx, taken.attempt);
    await clearAttempts(tx, budgets[0]!.key);
    await rememberAddress(tx, user.id, input.address, now);
    if (rehash) await updateUser(tx, user.id, { passwordHash: rehash });
    await insertToken(tx, { userId: user.id, kind: "session", name: input.userAgent?.slice(0, 100) ?? "session", tokenHash: hashToken(token), expiresAt: new Date(now.getTime() + SESSION_DAYS * 86400_000) });
  });
  return { token, user };
}

export const SESSION_MAX_AGE_SECONDS = SESSION_DAYS * 86400;
