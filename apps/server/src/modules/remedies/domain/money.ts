/**
 * Money as the API speaks it (`{ amount: "710.00", currency: "CNY" }`) and as Tandem counts it:
 * whole minor units (a bigint-safe integer) with an ISO 4217 currency, never a float. Amounts
 * arrive as a decimal string or a JSON number of at most two decimals; both are read digit by
 * digit, so 0.1 + 0.2 never happens here.
 */
import { MONEY_AMOUNT } from "@tandem/contracts";

/** An amount in minor units (fen, cents) and its currency. */
export interface Money {
  minor: number;
  currency: string;
}

/** The largest amount accepted: ¥10,000,000,000.00 — well inside the integers a double holds exactly. */
export const MAX_MINOR = 1_000_000_000_000;

const DECIMAL = MONEY_AMOUNT;

export type ParseResult = { ok: true; money: Money } | { ok: false; reason: string };

/** Reads `{ amount, currency }`: a non-negative amount of at most two decimals, a three-letter currency. */
export function parseMoney(input: { amount: string | number; currency: string }): ParseResult {
  if (!/^[A-Z]{3}$/.test(input.currency)) return { ok: false, reason: "currency must be an ISO 4217 code such as CNY" };
  let text: string;
  if (typeof input.amount === "number") {
    if (!Number.isFinite(input.amount)) return { ok: false, reason: "amount must be a number" };
    // A number's shortest round-trip text: 710.1 is "710.1", 0.1 + 0.2 would be "0.30000000000000004" (refused).
    text = String(input.amount);
    if (/e/i.test(text)) return { ok: false, reason: "amount must be written without an exponent" };
  } else {
    text = input.amount;
  }
  const match = DECIMAL.exec(text);
  if (!match) return { ok: false, reason: "amount must be a non-negative decimal with at most two decimals, such as \"710.00\"" };
  const minor = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  if (minor > MAX_MINOR) return { ok: false, reason: `amount must be at most ${formatAmount(MAX_MINOR)}` };
  return { ok: true, money: { minor, currency: input.currency } };
}

/** "710.00" from 71000. */
export function formatAmount(minor: number): string {
  const sign = minor < 0 ? "-" : "";
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** The API's shape. */
export function toApi(money: Money): { amount: string; currency: string } {
  return { amount: formatAmount(money.minor), currency: money.currency };
}

const SYMBOLS: Record<string, string> = { CNY: "¥", USD: "$", EUR: "€", GBP: "£", HKD: "HK$", JPY: "¥" };

/** How an agent reads an amount out: "¥710", "¥1,000.50", "CHF 12.30". Whole amounts drop ".00". */
export function spell(money: Money): string {
  const whole = Math.floor(Math.abs(money.minor) / 100).toLocaleString("en-US");
  const cents = Math.abs(money.minor) % 100;
  const number = `${money.minor < 0 ? "-" : ""}${whole}${cents ? `.${String(cents).padStart(2, "0")}` : ""}`;
  const symbol = SYMBOLS[money.currency];
  return symbol ? `${symbol}${number}` : `${money.currency} ${number}`;
}

/** Sums amounts of one currency; a mix is a programming error (the catalogue has one currency). */
export function sum(currency: string, amounts: readonly Money[]): Money {
  let minor = 0;
  for (const m of amounts) {
    if (m.currency !== currency) throw new Error(`Cannot add ${m.currency} to ${currency}.`);
    minor += m.minor;
  }
  return { minor, currency };
}

/** `units` of something worth `unitMinor` each. */
export function times(unitMinor: number, units: number, currency: string): Money {
  if (!Number.isSafeInteger(unitMinor) || !Number.isSafeInteger(units) || units < 0) throw new Error("Units and unit values are whole numbers.");
  return { minor: unitMinor * units, currency };
}
