import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { newWebhookSecret, openSecret, sealSecret, signature } from "./signing.js";

const SERVER = "a-server-secret-of-enough-length";

describe("a webhook's secret", () => {
  it("is sealed so that only the server's secret opens it, and never stored as it is", () => {
    const sealed = sealSecret("my-receiver-secret-123", SERVER);
    expect(sealed).not.toContain("my-receiver-secret-123");
    expect(openSecret(sealed, SERVER)).toBe("my-receiver-secret-123");
    expect(openSecret(sealed, "another-server-secret-here")).toBeNull();
    expect(sealSecret("my-receiver-secret-123", SERVER)).not.toBe(sealed);
  });

  it("a damaged seal opens to nothing", () => {
    expect(openSecret("v1:zz", SERVER)).toBeNull();
    expect(openSecret("v2:a:b:c", SERVER)).toBeNull();
    const [v, iv, tag, data] = sealSecret("secret-secret-secret", SERVER).split(":");
    expect(openSecret([v, iv, tag, `A${data!.slice(1)}`].join(":"), SERVER) ?? "damaged").not.toBe("secret-secret-secret");
  });

  it("a generated secret is long and different each time", () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);
    expect(newWebhookSecret()).not.toBe(a);
  });

  it("signs the raw body with HMAC-SHA256 in hex", () => {
    const body = '{"id":"e1","type":"case.resolved"}';
    expect(signature(body, "k".repeat(16))).toBe(`sha256=${createHmac("sha256", "k".repeat(16)).update(body).digest("hex")}`);
  });
});
