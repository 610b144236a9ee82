import { describe, expect, it } from "vitest";
import { addressKey } from "../src/client-address.js";
import { secondsUntilFree } from "../src/throttle.js";

const MINUTE = 60_000;

describe("secondsUntilFree", () => {
  const now = new Date(60 * MINUTE);
  const held = (expiresInMs: number) => ({ slot: 0, holder: "h", at: now, expiresAt: new Date(now.getTime() + expiresInMs) });

  it("waits until the first held slot expires", () => {
    expect(secondsUntilFree([held(10 * MINUTE), held(4 * MINUTE), held(11 * MINUTE)], now)).toBe(4 * 60);
  });

  it("rounds up, and never answers less than a second", () => {
    expect(secondsUntilFree([held(1_500)], now)).toBe(2);
    expect(secondsUntilFree([held(1)], now)).toBe(1);
  });
});

describe("addressKey", () => {
  it("keeps an IPv4 address as it is", () => {
    expect(addressKey("192.0.2.1")).toBe("192.0.2.1");
  });

  it("takes an IPv4 address seen through an IPv6 socket as the IPv4 address", () => {
    expect(addressKey("::ffff:192.0.2.1")).toBe("192.0.2.1");
    expect(addressKey("::FFFF:192.0.2.1")).toBe("192.0.2.1");
  });

  it("counts an IPv6 address by its /64, whatever its spelling", () => {
    expect(addressKey("2001:db8:0:1::1")).toBe("2001:db8:0:1::/64");
    expect(addressKey("2001:0db8:0000:0001:ffff:ffff:ffff:ffff")).toBe("2001:db8:0:1::/64");
    expect(addressKey("2001:DB8:0:1:0:0:0:2")).toBe("2001:db8:0:1::/64");
    expect(addressKey("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(addressKey("::1")).toBe("0:0:0:0::/64");
    expect(addressKey("2001:db8::")).toBe("2001:db8:0:0::/64");
    expect(addressKey("64:ff9b::192.0.2.33")).toBe("64:ff9b:0:0::/64");
  });

  it("trims the address, and reads a zone only as a zone", () => {
    expect(addressKey(" 192.0.2.1 ")).toBe("192.0.2.1");
    expect(addressKey("::ffff:192.0.2.1x")).toBe("::ffff:192.0.2.1x");
    expect(addressKey("1::ffff:192.0.2.1")).toBe("1:0:0:0::/64");
  });

  it("reads every group count an IPv6 address can have, and refuses the rest", () => {
    expect(addressKey("1:2:3:4:5:6::7")).toBe("1:2:3:4::/64");
    expect(addressKey("1:2:3:4:5::6:7:8")).toBe("1:2:3:4:5::6:7:8");
    expect(addressKey("1:2:3:4:5:6:7:8:9")).toBe("1:2:3:4:5:6:7:8:9");
  });

  it("refuses a group that is not one to four hex digits", () => {
    expect(addressKey("2001:db8:zz::1")).toBe("2001:db8:zz::1");
    expect(addressKey("2001:db8:12345::1")).toBe("2001:db8:12345::1");
  });

  it("leaves anything else as it came", () => {
    expect(addressKey("not an address")).toBe("not an address");
    expect(addressKey("1:2:3")).toBe("1:2:3");
    expect(addressKey("1::2::3")).toBe("1::2::3");
  });
});
