import { describe, expect, it } from "vitest";
import { customerTimeZone, zoneOfPhone } from "./time-zone.js";

describe("a customer's time zone", () => {
  it("comes from the phone's country calling code, the longest code first", () => {
    expect(zoneOfPhone("+8613912345678")).toBe("Asia/Shanghai");
    expect(zoneOfPhone("+85291234567")).toBe("Asia/Hong_Kong");
    expect(zoneOfPhone("+12125550100")).toBe("America/New_York");
    expect(zoneOfPhone("+4930123456")).toBe("Europe/Berlin");
    expect(zoneOfPhone("+999123")).toBeNull();
    expect(zoneOfPhone("13912345678")).toBeNull();
  });

  it("is the customer's own first, then their phone's, else none", () => {
    expect(customerTimeZone("Europe/Paris", ["+8613912345678"])).toEqual({ timeZone: "Europe/Paris", source: "customer" });
    expect(customerTimeZone(null, ["+999123", "+85291234567"])).toEqual({ timeZone: "Asia/Hong_Kong", source: "phone" });
    expect(customerTimeZone(null, [])).toEqual({ timeZone: null, source: null });
  });
});
