/** IP address syntax as Go's `net.ParseIP` accepts it (no zones, no leading zeros in IPv4). */

const IPV4_PART = /^(?:0|[1-9]\d{0,2})$/;
const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;

export function isIPv4(s: string): boolean {
  const parts = s.split(".");
  return parts.length === 4 && parts.every((p) => IPV4_PART.test(p) && Number(p) <= 255);
}

export function isIPv6(s: string): boolean {
  const halves = s.split("::");
  if (halves.length > 2) return false;
  const groups = (h: string): string[] | undefined => {
    if (h === "") return [];
    const g = h.split(":");
    return g.every((x) => x !== "") ? g : undefined;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (head === undefined || tail === undefined) return false;
  const all = [...head, ...tail];
  // An embedded IPv4 address may only come last, and counts as two groups.
  let count = 0;
  for (let i = 0; i < all.length; i++) {
    const g = all[i]!;
    if (HEX_GROUP.test(g)) count += 1;
    else if (i === all.length - 1 && isIPv4(g)) count += 2;
    else return false;
  }
  return halves.length === 2 ? count < 8 : count === 8;
}

export function isIP(s: string): boolean {
  return isIPv4(s) || isIPv6(s);
}

/** `[::1]` → `::1`; anything else unchanged. */
export function stripBrackets(s: string): string {
  return s.length > 2 && s.startsWith("[") && s.endsWith("]") ? s.slice(1, -1) : s;
}
