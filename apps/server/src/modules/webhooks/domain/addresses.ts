/**
 * Which addresses a partner's webhook may reach: public ones only. A partner must not be able to
 * make Tandem call into its own network (loopback, private ranges, link-local and the cloud
 * metadata address, CGNAT, multicast, IPv6 unique-local, IPv4 mapped into IPv6, NAT64 …).
 * Pure: the caller resolves the host and asks about each address.
 */
import net from "node:net";

interface Range {
  subnet: string;
  prefix: number;
  reason: string;
}

const V4: Range[] = [
  { subnet: "0.0.0.0", prefix: 8, reason: "this-network address" },
  { subnet: "10.0.0.0", prefix: 8, reason: "private address" },
  { subnet: "100.64.0.0", prefix: 10, reason: "carrier-grade NAT address" },
  { subnet: "127.0.0.0", prefix: 8, reason: "loopback address" },
  { subnet: "169.254.0.0", prefix: 16, reason: "link-local address" },
  { subnet: "172.16.0.0", prefix: 12, reason: "private address" },
  { subnet: "192.0.0.0", prefix: 24, reason: "reserved address" },
  { subnet: "192.0.2.0", prefix: 24, reason: "documentation address" },
  { subnet: "192.168.0.0", prefix: 16, reason: "private address" },
  { subnet: "198.18.0.0", prefix: 15, reason: "benchmarking address" },
  { subnet: "198.51.100.0", prefix: 24, reason: "documentation address" },
  { subnet: "203.0.113.0", prefix: 24, reason: "documentation address" },
  { subnet: "224.0.0.0", prefix: 4, reason: "multicast address" },
  { subnet: "240.0.0.0", prefix: 4, reason: "reserved address" },
];

const V6: Range[] = [
  { subnet: "::", prefix: 128, reason: "unspecified address" },
  { subnet: "::1", prefix: 128, reason: "loopback address" },
  { subnet: "::ffff:0:0", prefix: 96, reason: "IPv4-mapped address" },
  { subnet: "::", prefix: 96, reason: "IPv4-compatible address" },
  { subnet: "64:ff9b::", prefix: 96, reason: "NAT64 address" },
  { subnet: "64:ff9b:1::", prefix: 48, reason: "NAT64 address" },
  { subnet: "100::", prefix: 64, reason: "discard address" },
  { subnet: "2001:db8::", prefix: 32, reason: "documentation address" },
  { subnet: "2002::", prefix: 16, reason: "6to4 address" },
  { subnet: "fc00::", prefix: 7, reason: "unique-local address" },
  { subnet: "fe80::", prefix: 10, reason: "link-local address" },
  { subnet: "fec0::", prefix: 10, reason: "site-local address" },
  { subnet: "ff00::", prefix: 8, reason: "multicast address" },
];

function blockList(ranges: Range[], family: "ipv4" | "ipv6"): (ip: string) => string | null {
  const lists = ranges.map((r) => {
    const list = new net.BlockList();
    list.addSubnet(r.subnet, r.prefix, family);
    return { list, reason: r.reason };
  });
  return (ip) => lists.find((l) => l.list.check(ip, family))?.reason ?? null;
}

const checkV4 = blockList(V4, "ipv4");
const checkV6 = blockList(V6, "ipv6");

/** Why a partner's webhook may not reach `ip` ("loopback address"), or null when it is public. Not an IP: refused. */
export function refusedAddress(ip: string): string | null {
  const bare = ip.startsWith("[") && ip.endsWith("]") ? ip.slice(1, -1) : ip;
  switch (net.isIP(bare)) {
    case 4:
      return checkV4(bare);
    case 6:
      return checkV6(bare.toLowerCase());
    default:
      return "not an IP address";
  }
}
