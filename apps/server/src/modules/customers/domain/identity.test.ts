import { describe, expect, it } from "vitest";
import { IdentityError, maskForViewer, normaliseIdentity, normalisePhone, parseIdentityQuery } from "./identity.js";

const SECRET = "test-secret-0123456789";

describe("phone normalisation", () => {
  it.each([
    ["13812345678", "+8613812345678"],
    ["138 1234 5678", "+8613812345678"],
    ["138-1234-5678", "+8613812345678"],
    ["+86 138 1234 5678", "+8613812345678"],
    ["008613812345678", "+8613812345678"],
    ["8613812345678", "+8613812345678"],
    ["(010) 6552 9988", "+861065529988"],
    ["+44 20 7946 0958", "+442079460958"],
    ["１３８１２３４５６７８", "+8613812345678"],
  ])("%s → %s", (raw, e164) => {
    expect(normaliseIdentity("phone", raw, SECRET).value).toBe(e164);
  });

  it("rejects what is not a phone number", () => {
    expect(normalisePhone("12345")).toBeNull();
    expect(normalisePhone("hello")).toBeNull();
    expect(() => normaliseIdentity("phone", "1' OR '1'='1", SECRET)).toThrow(IdentityError);
  });
});

describe("other identities", () => {
  it("lower-cases e-mail and rejects malformed ones", () => {
    expect(normaliseIdentity("email", " Li.Na@Example.COM ", SECRET).value).toBe("li.na@example.com");
    expect(() => normaliseIdentity("email", "not-an-email", SECRET)).toThrow(IdentityError);
  });

  it("stores a national ID as a keyed hash and shows it masked", () => {
    const a = normaliseIdentity("national_id", "11010519491231002x", SECRET);
    const b = normaliseIdentity("national_id", "110105 19491231 002X", SECRET);
    expect(a.value).toBe(b.value);
    expect(a.value).not.toContain("110105");
    expect(a.display).toBe("1101**********002X");
    expect(normaliseIdentity("national_id", "11010519491231002X", "another-secret-xyz").value).not.toBe(a.value);
  });

  it("upper-cases member numbers without spaces", () => {
    expect(normaliseIdentity("member_id", " vip 8801 ", SECRET).value).toBe("VIP8801");
  });

  it("accepts external:<system> kinds and refuses unknown kinds", () => {
    expect(normaliseIdentity("external:crm", "C-77", SECRET)).toEqual({ kind: "external:crm", value: "C-77", display: "C-77" });
    expect(() => normaliseIdentity("fax", "123", SECRET)).toThrow(IdentityError);
  });

  it("masks contact details for viewers who may not see them", () => {
    expect(maskForViewer("phone", "+8613812345678")).toBe("+86138****5678");
    expect(maskForViewer("email", "li.na@example.com")).toBe("l***@example.com");
  });

  it("parses identity queries, including external kinds", () => {
    expect(parseIdentityQuery("phone:138 1234 5678")).toEqual({ kind: "phone", value: "138 1234 5678" });
    expect(parseIdentityQuery("external:crm:C-77")).toEqual({ kind: "external:crm", value: "C-77" });
    expect(parseIdentityQuery("nothing")).toBeNull();
  });
});
