/**
 * Identity normalisation: the same person typed three ways is one key.
 * Pure functions; the national-ID key is a keyed hash so the database never holds the number.
 */
import { createHmac } from "node:crypto";
import { parsePhoneNumberFromString } from "libphonenumber-js/max";

export interface NormalisedIdentity {
  kind: string;
  /** The key stored and matched on. */
  value: string;
  /** What a person may be shown. */
  display: string;
}

export class IdentityError extends Error {
  constructor(
    public readonly kind: string,
    message: string,
  ) {
    super(message);
  }
}

export function normaliseIdentity(kind: string, raw: string, secret: string): NormalisedIdentity {
  const value = raw.normalize("NFKC").trim();
  switch (kind) {
    case "phone": {
      const e164 = normalisePhone(value);
      if (!e164) throw new IdentityError(kind, `"${raw}" is not a valid phone number.`);
      return { kind, value: e164, display: e164 };
    }
    case "email": {
      const email = value.toLowerCase();
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email) || email.length > 254) throw new IdentityError(kind, `"${raw}" is not a valid e-mail address.`);
      return { kind, value: email, display: email };
    }
    case "national_id": {
      const id = value.replace(/[\s-]/g, "").toUpperCase();
      if (!/^[0-9A-Z]{6,30}$/.test(id)) throw new IdentityError(kind, "A national ID must be 6-30 letters and digits.");
      return { kind, value: nationalIdKey(id, secret), display: maskNationalId(id) };
    }
    case "member_id":
    case "chat_visitor": {
      const id = value.replace(/\s+/g, "").toUpperCase();
      if (!id) throw new IdentityError(kind, "The value must not be empty.");
      return { kind, value: kind === "chat_visitor" ? value : id, display: kind === "chat_visitor" ? value : id };
    }
    default: {
      if (!/^external:[a-z0-9][a-z0-9_.-]{0,40}$/.test(kind)) throw new IdentityError(kind, `Unknown identity kind "${kind}".`);
      return { kind, value, display: value };
    }
  }
}

/** E.164 for a phone number typed any common way; a number without country code is read as Chinese. */
export function normalisePhone(raw: string): string | null {
  let text = raw.replace(/[\s\-().·]/g, "");
  if (text.startsWith("00")) text = `+${text.slice(2)}`;
  if (/^86\d{11}$/.test(text)) text = `+${text}`;
  const parsed = parsePhoneNumberFromString(text, "CN");
  if (!parsed || !parsed.isValid()) return null;
  return parsed.number;
}

export function nationalIdKey(id: string, secret: string): string {
  return `h1:${createHmac("sha256", secret).update(`national_id:${id}`).digest("hex")}`;
}

export function maskNationalId(id: string): string {
  if (id.length <= 8) return `${id.slice(0, 2)}${"*".repeat(id.length - 3)}${id.slice(-1)}`;
  return `${id.slice(0, 4)}${"*".repeat(id.length - 8)}${id.slice(-4)}`;
}

/** What a viewer without the right to contact details sees of an identity. */
export function maskForViewer(kind: string, display: string): string {
  if (kind === "phone") return display.length > 7 ? `${display.slice(0, display.length - 8)}****${display.slice(-4)}` : "****";
  if (kind === "email") {
    const [local = "", domain = ""] = display.split("@");
    return `${local.slice(0, 1)}***@${domain}`;
  }
  if (kind === "national_id") return display;
  return display.length > 4 ? `${display.slice(0, 2)}***${display.slice(-2)}` : "***";
}

/**
 * The key an identity is searched by: its letters and digits in lower case, so that `xh200817`
 * finds `XH-200817` and `13812345678` finds `+8613812345678` by suffix. None for national IDs
 * (only their keyed hash is stored).
 */
export function searchKey(kind: string, display: string): string | null {
  if (kind === "national_id") return null;
  return compact(display);
}

/** Letters and digits only, lower case (NFKC first: full-width digits count as digits). */
export function compact(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
}

/** Parses the `kind:value` form used in `?identity=`; the kind may itself contain a colon (external:crm). */
export function parseIdentityQuery(text: string): { kind: string; value: string } | null {
  const ext = /^(external:[^:]+):(.+)$/.exec(text);
  if (ext) return { kind: ext[1]!, value: ext[2]! };
  const i = text.indexOf(":");
  if (i <= 0) return null;
  return { kind: text.slice(0, i), value: text.slice(i + 1) };
}
