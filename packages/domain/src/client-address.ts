const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const MAPPED_IPV4 = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/i;

/**
 * What a client address is counted under by the throttles: an IPv4 address as it is, an IPv6
 * address by its /64 (one host is usually given a whole /64, and could rotate through it).
 * An IPv4 address seen through an IPv6 socket (::ffff:192.0.2.1) is the IPv4 address.
 */
export function addressKey(address: string): string {
  const plain = address.trim().replace(/%.*$/, "");
  const mapped = MAPPED_IPV4.exec(plain);
  if (mapped) return mapped[1] as string;
  if (IPV4.test(plain)) return plain;
  const groups = ipv6Groups(plain);
  return groups ? `${groups.slice(0, 4).join(":")}::/64` : plain;
}

/** The eight groups of an IPv6 address, without leading zeros; null when it is not one. */
function ipv6Groups(address: string): string[] | null {
  if (!address.includes(":")) return null;
  const halves = address.toLowerCase().split("::");
  if (halves.length > 2) return null;
  const split = (half: string | undefined) => (half ? half.split(":") : []);
  const head = split(halves[0]);
  const tail = split(halves[1]);
  // A trailing dotted quad stands for the last two groups.
  const last = tail.length ? tail : head;
  const quad = last.at(-1);
  if (quad && IPV4.test(quad)) {
    const [a, b, c, d] = quad.split(".").map(Number) as [number, number, number, number];
    last.splice(-1, 1, ((a << 8) | b).toString(16), ((c << 8) | d).toString(16));
  }
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  if (!groups.every((group) => /^[0-9a-f]{1,4}$/.test(group))) return null;
  return groups.map((group) => group.replace(/^0+(?=.)/, ""));
}
