/**
 * How many password checks a sign-in may make (issue 7): at most 5 per (account, address) in any
 * 15 minutes; addresses the account has never signed in from share one more account-wide budget
 * of 5, so guesses spread over many addresses stay at 5 while the real user, on an address they
 * signed in from before, is never locked out by them; and every address has a budget of its own
 * over all the e-mails it tries, known or not.
 */
import type { Budget } from "../../../platform/throttle.js";

export const SIGN_IN_WINDOW_MS = 15 * 60_000;
export const PER_ACCOUNT_AND_ADDRESS = 5;
export const PER_ACCOUNT_FROM_NEW_ADDRESSES = 5;
export const PER_ADDRESS = 30;

export type SignInScope = "account_address" | "account" | "address";

export interface SignInBudget extends Budget {
  scope: SignInScope;
}

export function signInBudgets(email: string, address: string, familiar: boolean): SignInBudget[] {
  const account = email.trim().toLowerCase();
  // The (account, address) budget comes first: sign-in.ts clears it after a success.
  const budgets: SignInBudget[] = [
    { scope: "account_address", key: `login:account_address:${account}|${address}`, limit: PER_ACCOUNT_AND_ADDRESS, windowMs: SIGN_IN_WINDOW_MS },
    { scope: "address", key: `login:address:${address}`, limit: PER_ADDRESS, windowMs: SIGN_IN_WINDOW_MS },
  ];
  if (!familiar) budgets.push({ scope: "account", key: `login:account:${account}`, limit: PER_ACCOUNT_FROM_NEW_ADDRESSES, windowMs: SIGN_IN_WINDOW_MS });
  return budgets;
}
