/**
 * Where a webhook may send: an admin's webhook anywhere over http or https (on-premise systems
 * are often on private addresses); a partner's only to public addresses, over https (unless
 * TANDEM_WEBHOOK_ALLOW_HTTP=1, for tests). A partner's host is checked when the webhook is
 * registered or its URL changed, and again at every connection (`guardedLookup`), so a name that
 * later resolves to an internal address is refused too.
 */
import dns from "node:dns";
import net from "node:net";
import { unprocessable } from "../../platform/errors.js";
import { refusedAddress } from "./domain/addresses.js";

export interface TargetRules {
  /** The webhook belongs to a partner: public addresses only. */
  publicOnly: boolean;
  allowHttp: boolean;
}

/** The URL's host without IPv6 brackets. */
export const hostOf = (url: URL): string => (url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname);

/** Why this URL may not be a webhook's, or null when it may. Resolves a partner's host name. */
export async function targetProblem(raw: string, rules: TargetRules): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "The URL is not valid.";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "The URL must be http or https.";
  if (url.username || url.password) return "The URL must not carry a user name or password; sign with the secret instead.";
  if (!rules.publicOnly) return null;
  if (url.protocol !== "https:" && !rules.allowHttp) return "A partner's webhook must use https.";
  const host = hostOf(url);
  if (net.isIP(host)) return refusedOrNull(host);
  let addresses: dns.LookupAddress[];
  try {
    addresses = await dns.promises.lookup(host, { all: true, verbatim: true });
  } catch {
    return `The host ${host} cannot be resolved.`;
  }
  if (addresses.length === 0) return `The host ${host} cannot be resolved.`;
  for (const a of addresses) {
    const problem = refusedOrNull(a.address, host);
    if (problem) return problem;
  }
  return null;
}

function refusedOrNull(address: string, host?: string): string | null {
  const reason = refusedAddress(address);
  if (!reason) return null;
  return `A partner's webhook must reach a public address; ${host ? `${host} resolves to ${address}, ` : `${address} is `}a ${reason}.`;
}

/** 422 `webhook_address_refused` with the reason, when the URL may not be this webhook's. */
export async function assertTarget(raw: string, rules: TargetRules): Promise<void> {
  const problem = await targetProblem(raw, rules);
  if (problem) throw unprocessable("webhook_address_refused", problem, [{ path: "body.url", message: problem }]);
}

/** A `lookup` for http.request that refuses non-public addresses at connection time. */
export const guardedLookup: net.LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, "", 4);
    const list = addresses as unknown as dns.LookupAddress[];
    const refused = list.map((a) => ({ a, reason: refusedAddress(a.address) })).find((x) => x.reason);
    if (refused || list.length === 0) {
      const e = Object.assign(new Error(refused ? `${hostname} resolves to ${refused.a.address}, a ${refused.reason}: refused` : `${hostname} has no address`), { code: "EADDRREFUSED" });
      return callback(e, "", 4);
    }
    if ((options as dns.LookupOptions).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
    callback(null, list[0]!.address, list[0]!.family);
  });
};
