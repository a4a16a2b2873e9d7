import { describe, expect, it } from "vitest";
import { signLink, verifyLink } from "./links.js";
import { firstName } from "./routes.js";

const SECRET = "a-secret-for-links-0123456789";
const ID = "01a2129a-9e2c-77da-9515-031b7c6ef58f";

describe("customer links", () => {
  const expires = new Date("2026-12-01T00:00:00Z");
  const token = signLink(SECRET, ID, expires);

  it("verifies its own signature and reads the expiry", () => {
    expect(verifyLink(SECRET, token, new Date("2026-11-25T00:00:00Z"))).toEqual({ ok: true, linkId: ID, expiresAt: expires });
  });

  it("refuses an expired link", () => {
    expect(verifyLink(SECRET, token, new Date("2026-12-01T00:00:01Z"))).toEqual({ ok: false, code: "link_expired" });
  });

  it("refuses a link signed with another secret, an altered expiry or garbage", () => {
    const now = new Date("2026-11-25T00:00:00Z");
    expect(verifyLink("another-secret-0123456789", token, now)).toEqual({ ok: false, code: "link_invalid" });
    const [head, , sig] = token.split(".");
    const later = Math.floor(new Date("2030-01-01").getTime() / 1000).toString(36);
    expect(verifyLink(SECRET, `${head}.${later}.${sig}`, now)).toEqual({ ok: false, code: "link_invalid" });
    expect(verifyLink(SECRET, "tcl_nonsense", now)).toEqual({ ok: false, code: "link_invalid" });
  });
});

describe("owner's first name", () => {
  it("takes the first word of the name", () => {
    expect(firstName("Emma Clarke")).toBe("Emma");
    expect(firstName("李娜 Li Na")).toBe("李娜");
    expect(firstName(null)).toBeNull();
  });
});
