import { Code } from "../../diagnostics/index.js";
import type { Diagnostics, PathSegment } from "../../diagnostics/index.js";
import { describeValue } from "./describe.js";
import { hasInterpolation, splitOutsideInterpolation } from "./interpolation.js";
import { stripBrackets } from "./ip.js";
import { scalarString } from "./mapping.js";

/**
 * `extra_hosts` as a list (`host=ip`, or the older `host:ip`) or a mapping (`host: ip` or
 * `host: [ip, ip]`) → compose-go's printed form (types/hostList.go): a sorted list of `host=ip`,
 * one entry per IP, IPv6 brackets removed. `=` is tried first so `host=::1` keeps its colons.
 */

/** Splits at the first `sep` outside `${…}`; undefined when there is none. */
function cut(s: string, sep: string): [string, string] | undefined {
  const parts = splitOutsideInterpolation(s, sep);
  if (parts.length < 2) return undefined;
  return [parts[0]!, parts.slice(1).join(sep)];
}

export function normalizeExtraHosts(value: unknown, path: PathSegment[], d: Diagnostics): string[] {
  const hosts = new Map<string, { ips: string[]; at: PathSegment[] }>();
  const add = (host: string, ips: string[], at: PathSegment[]) => {
    const entry = hosts.get(host);
    if (entry === undefined) hosts.set(host, { ips: [...ips], at });
    else entry.ips.push(...ips);
  };

  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      const s = scalarString(item);
      if (s === undefined) {
        d.error(Code.InvalidType, [...path, i], `invalid extra host ${describeValue(item)}: expected "host=ip"`);
        return;
      }
      const pair = cut(s, "=") ?? cut(s, ":");
      if (pair === undefined) {
        d.error(Code.InvalidValue, [...path, i], `invalid extra host ${JSON.stringify(s)}: missing ip (expected "host=ip")`);
        return;
      }
      add(pair[0], splitOutsideInterpolation(pair[1], ","), [...path, i]);
    });
  } else if (typeof value === "object" && value !== null) {
    for (const [host, v] of Object.entries(value)) {
      const at = [...path, host];
      const list = Array.isArray(v) ? v : [v];
      const ips: string[] = [];
      for (const ip of list) {
        const s = scalarString(ip);
        if (s === undefined || s === "") {
          d.error(Code.InvalidValue, at, `invalid ip ${describeValue(ip)} for extra host ${JSON.stringify(host)}`);
          continue;
        }
        ips.push(s);
      }
      add(host, ips, at);
    }
  } else {
    d.error(Code.InvalidType, path, `invalid extra_hosts ${describeValue(value)}: expected a list of "host=ip" or a mapping`);
    return [];
  }

  const out: string[] = [];
  for (const [host, { ips, at }] of hosts) {
    // The engine splits on these separators, so such a name could never mean what it says.
    if (host === "" || (/[:=]/.test(host) && !hasInterpolation(host))) {
      d.error(Code.InvalidValue, at, `bad host name ${JSON.stringify(host)}`);
      continue;
    }
    for (const ip of ips) out.push(`${host}=${stripBrackets(ip)}`);
  }
  return out.sort();
}
