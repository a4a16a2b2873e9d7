import { describe, expect, it } from "vitest";
import { chooseChannel } from "./channel.js";

const email = { kind: "email", value: "li.na@example.com" };
const phone = { kind: "phone", value: "+8613912345678" };
const member = { kind: "member_id", value: "XH-200817" };

describe("the channel a message goes out on", () => {
  it("is the customer's preferred channel when they can be reached on it", () => {
    expect(chooseChannel("sms", [email, phone])).toEqual({ channel: "sms", address: phone.value });
    expect(chooseChannel("phone", [email, phone])).toEqual({ channel: "sms", address: phone.value });
    expect(chooseChannel("email", [phone, email])).toEqual({ channel: "email", address: email.value });
  });

  it("falls back to e-mail, then to a text message, when the preferred channel cannot carry it", () => {
    expect(chooseChannel("sms", [email, member])).toEqual({ channel: "email", address: email.value });
    expect(chooseChannel("web", [phone, email])).toEqual({ channel: "email", address: email.value });
    expect(chooseChannel(null, [member, phone])).toEqual({ channel: "sms", address: phone.value });
    expect(chooseChannel("email", [phone])).toEqual({ channel: "sms", address: phone.value });
  });

  it("is none when the customer has neither an e-mail address nor a phone", () => {
    expect(chooseChannel("email", [member])).toBeNull();
    expect(chooseChannel(null, [])).toBeNull();
  });
});
