import { describe, expect, it } from "vitest";
import { refusedAddress } from "./addresses.js";

describe("the addresses a partner's webhook may reach", () => {
  it.each([
    ["127.0.0.1", "loopback address"],
    ["127.255.0.9", "loopback address"],
    ["10.1.2.3", "private address"],
    ["172.16.0.1", "private address"],
    ["172.31.255.255", "private address"],
    ["192.168.1.1", "private address"],
    ["169.254.169.254", "link-local address"],
    ["100.64.0.1", "carrier-grade NAT address"],
    ["0.0.0.0", "this-network address"],
    ["224.0.0.251", "multicast address"],
    ["255.255.255.255", "reserved address"],
    ["::1", "loopback address"],
    ["[::1]", "loopback address"],
    ["::", "unspecified address"],
    ["::ffff:127.0.0.1", "IPv4-mapped address"],
    ["::ffff:8.8.8.8", "IPv4-mapped address"],
    ["64:ff9b::a00:1", "NAT64 address"],
    ["fd00::1", "unique-local address"],
    ["FC00::1", "unique-local address"],
    ["fe80::1", "link-local address"],
    ["ff02::1", "multicast address"],
    ["example.com", "not an IP address"],
  ])("refuses %s (%s)", (ip, reason) => {
    expect(refusedAddress(ip)).toBe(reason);
  });

  it.each(["8.8.8.8", "93.184.216.34", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111", "2a00:1450:4001:80b::200e"])("allows the public address %s", (ip) => {
    expect(refusedAddress(ip)).toBeNull();
  });
});
