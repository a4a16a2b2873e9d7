/**
 * A webhook's secret: sealed with the server's secret for storage (AES-256-GCM, a key derived
 * from TANDEM_SECRET), opened only to sign a delivery; and the signature itself — the hex
 * HMAC-SHA256 of the raw body, `X-Tandem-Signature: sha256=<hex>`.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";

const VERSION = "v1";

function keyOf(serverSecret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", serverSecret, "tandem", "webhook-secrets", 32));
}

export function sealSecret(secret: string, serverSecret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyOf(serverSecret), iv);
  const sealed = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64"), cipher.getAuthTag().toString("base64"), sealed.toString("base64")].join(":");
}

/** The secret, or null when it was sealed with another server secret (or the value is damaged). */
export function openSecret(sealed: string, serverSecret: string): string | null {
  const [version, iv, tag, data] = sealed.split(":");
  if (version !== VERSION || !iv || !tag || data === undefined) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", keyOf(serverSecret), Buffer.from(iv, "base64"));
    decipher.setAuthTag(Buffer.from(tag, "base64"));
    return Buffer.concat([decipher.update(Buffer.from(data, "base64")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

/** A new secret for a webhook registered without one. */
export const newWebhookSecret = (): string => `whsec_${randomBytes(24).toString("base64url")}`;

/** The `X-Tandem-Signature` value of a body. */
export const signature = (body: string, secret: string): string => `sha256=${createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;
