/**
 * A partner sees a customer's numbers masked (`+86139****2233`); looking identities up one by
 * one would recover them (issue 7: 723 look-ups). So a partner's identity look-ups are counted,
 * found or not: 30 an hour and 100 a day per user, 300 a day per partner organization. Filling
 * the four hidden digits of one number takes 5,000 guesses on average: months, and every look-up
 * and refusal is a security event.
 */
import type { Budget } from "../../../platform/throttle.js";

export const LOOKUPS_PER_USER_HOUR = 30;
export const LOOKUPS_PER_USER_DAY = 100;
export const LOOKUPS_PER_ORGANIZATION_DAY = 300;
const HOUR_MS = 3600_000;

export function partnerLookupBudgets(userId: string, organizationId: string): Budget[] {
  return [
    { key: `lookup:user_hour:${userId}`, limit: LOOKUPS_PER_USER_HOUR, windowMs: HOUR_MS },
    { key: `lookup:user_day:${userId}`, limit: LOOKUPS_PER_USER_DAY, windowMs: 24 * HOUR_MS },
    { key: `lookup:organization_day:${organizationId}`, limit: LOOKUPS_PER_ORGANIZATION_DAY, windowMs: 24 * HOUR_MS },
  ];
}
