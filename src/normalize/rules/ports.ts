import { Code, didYouMean } from "../../diagnostics/index.js";
import type { Diagnostics, PathSegment } from "../../diagnostics/index.js";
import type { Port } from "../../model/index.js";
import { describeValue } from "./describe.js";
import { hasInterpolation, splitOutsideInterpolation } from "./interpolation.js";
import { isIP, stripBrackets } from "./ip.js";

/**
 * One `ports:` entry → canonical long entries, following compose-go `ParsePortConfig`, which uses
 * docker/go-connections v0.4.0 `nat.ParsePortSpec` for the short syntax
 * `[[ip:]published:]target[/protocol]`.
 *
 * compose-ts keeps interpolation, so a `${…}` part is copied verbatim: `${P:-8080}:80` gives
 * `published: "${P:-8080}"`. A range that would need the variable's value to expand is an error.
 */

const PROTOCOLS = ["tcp", "udp", "sctp"];
const MODES = ["ingress", "host"];
const LONG_KEYS = ["name", "mode", "host_ip", "target", "published", "protocol", "app_protocol"];

interface Range {
  start: number;
  end: number;
}

/** go-connections `ParsePortRange`: `80`, `8000-8002` (parts after a second `-` are ignored). */
function parseRange(s: string): Range | undefined {
  const num = (x: string | undefined) => (x !== undefined && /^\d+$/.test(x) && Number(x) <= 65535 ? Number(x) : undefined);
  if (!s.includes("-")) {
    const n = num(s);
    return n === undefined ? undefined : { start: n, end: n };
  }
  const parts = s.split("-");
  const start = num(parts[0]);
  const end = num(parts[1]);
  if (start === undefined || end === undefined || end < start) return undefined;
  return { start, end };
}

/** The IP part, with IPv6 brackets removed (Go `net.SplitHostPort(ip + ":")`), or an error message. */
function parseHostIP(raw: string): { ip: string } | { error: string } {
  if (raw === "" || hasInterpolation(raw)) return { ip: raw };
  let ip: string;
  if (raw.startsWith("[")) {
    const end = raw.indexOf("]");
    if (end !== raw.length - 1 || raw.slice(1, end).includes("[")) return { error: `invalid ip address ${JSON.stringify(raw)}` };
    ip = raw.slice(1, end);
  } else {
    if (/[:[\]]/.test(raw)) return { error: `invalid ip address ${JSON.stringify(raw)} (put an IPv6 address in brackets)` };
    ip = raw;
  }
  return isIP(ip) ? { ip } : { error: `invalid ip address ${JSON.stringify(ip)}` };
}

/** go-connections `SplitProtoPort`: `80/udp` → udp, `80` and `80/` → tcp. */
function splitProto(raw: string): { proto: string; port: string } {
  const parts = splitOutsideInterpolation(raw, "/");
  if (raw === "" || parts[0] === "") return { proto: "", port: "" };
  if (parts.length === 1 || parts[1] === "") return { proto: "tcp", port: parts[0]! };
  return { proto: parts[1]!, port: parts[0]! };
}

function shortPort(spec: string, path: PathSegment[], d: Diagnostics): Port[] {
  const bad = (message: string): Port[] => {
    d.error(Code.InvalidPort, path, message);
    return [];
  };
  const parts = splitOutsideInterpolation(spec, ":");
  const n = parts.length;
  const rawIP = n >= 3 ? parts.slice(0, n - 2).join(":") : "";
  const hostPort = n >= 2 ? parts[n - 2]! : "";
  const { proto: rawProto, port: containerPort } = splitProto(parts[n - 1]!);

  // `8080:80:tcp`: the protocol written where it does not go (it follows a slash).
  const last = parts[n - 1]!;
  const ports = parts.slice(Math.max(0, n - 3), n - 1); // [published, ]container, an IP before them
  if (n >= 2 && PROTOCOLS.includes(last.toLowerCase()) && ports.every((x) => parseRange(x) !== undefined)) {
    return bad(`invalid port ${JSON.stringify(spec)}: the protocol follows the container port after a slash — did you mean ${JSON.stringify(`${parts.slice(0, -1).join(":")}/${last}`)}?`);
  }
  const ip = parseHostIP(rawIP);
  if ("error" in ip) return bad(ip.error);
  if (containerPort === "") return bad(`no container port in ${JSON.stringify(spec)}`);

  const targetVar = hasInterpolation(containerPort);
  const container = targetVar ? undefined : parseRange(containerPort);
  if (!targetVar && container === undefined) return bad(`invalid container port ${JSON.stringify(containerPort)}`);
  if (container !== undefined && container.start === 0) return bad(`invalid container port ${JSON.stringify(containerPort)}`);

  const publishedVar = hasInterpolation(hostPort);
  let host: Range | undefined;
  if (hostPort !== "" && !publishedVar) {
    host = parseRange(hostPort);
    if (host === undefined) return bad(`invalid published port ${JSON.stringify(hostPort)}`);
  }
  const containerSpan = container === undefined ? 0 : container.end - container.start;
  if (host !== undefined && containerSpan !== host.end - host.start && containerSpan !== 0) {
    return bad(`invalid ranges: published ${hostPort} and container ${containerPort} differ in size`);
  }
  if (publishedVar && containerSpan !== 0) {
    return bad(`cannot expand container range ${containerPort} with an interpolated published port ${hostPort}; use one entry per port`);
  }

  const protoVar = hasInterpolation(rawProto);
  const protocol = protoVar ? rawProto : rawProto.toLowerCase();
  if (!protoVar && !PROTOCOLS.includes(protocol)) return bad(`invalid protocol ${JSON.stringify(rawProto)}`);

  const base = (target: number | string, published: string | undefined): Port => ({
    mode: "ingress",
    ...(ip.ip !== "" ? { host_ip: ip.ip } : {}),
    target,
    ...(published !== undefined && published !== "" ? { published } : {}),
    protocol,
  });
  if (container === undefined) {
    return [base(containerPort, hostPort)];
  }
  const out: { key: string; port: Port }[] = [];
  for (let i = 0; i <= containerSpan; i++) {
    const target = container.start + i;
    let published: string | undefined = publishedVar ? hostPort : undefined;
    if (host !== undefined) {
      published = String(host.start + i);
      // A single container port with a host range: the engine picks a free port from the range.
      if (containerSpan === 0 && host.start !== host.end) published = `${published}-${host.end}`;
    }
    out.push({ key: `${target}/${protocol}`, port: base(target, published) });
  }
  // compose-go walks a Go map sorted by "port/proto" string: 10000/tcp sorts before 9999/tcp.
  out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return out.map((x) => x.port);
}

function longPort(value: Record<string, unknown>, path: PathSegment[], d: Diagnostics): Port[] {
  let ok = true;
  const fail = (code: (typeof Code)[keyof typeof Code], key: string, message: string) => {
    d.error(code, [...path, key], message);
    ok = false;
  };
  const str = (key: string): string | undefined => {
    const v = value[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v === "string") return v;
    fail(Code.InvalidType, key, `${key} must be a string, got ${describeValue(v)}`);
    return undefined;
  };

  for (const key of Object.keys(value)) {
    if (!LONG_KEYS.includes(key) && !key.startsWith("x-")) {
      fail(Code.UnknownKey, key, `unknown port key ${JSON.stringify(key)}${didYouMean(key, LONG_KEYS)}`);
    }
  }

  let target: number | string | undefined;
  const t = value["target"];
  if (t === undefined || t === null) fail(Code.MissingKey, "target", "port is missing its target (the container port)");
  else if (typeof t === "string" && hasInterpolation(t)) target = t;
  else {
    const r = typeof t === "number" ? (Number.isInteger(t) ? String(t) : "") : typeof t === "string" ? t : "";
    const n = /^\d+$/.test(r) ? Number(r) : NaN;
    if (n >= 1 && n <= 65535) target = n;
    else fail(Code.InvalidPort, "target", `invalid target port ${describeValue(t)}`);
  }

  let published: string | undefined;
  const p = value["published"];
  if (typeof p === "number") {
    if (Number.isInteger(p) && p >= 0 && p <= 65535) published = String(p);
    else fail(Code.InvalidPort, "published", `invalid published port ${p}`);
  } else if (typeof p === "string") {
    if (p === "" || hasInterpolation(p) || parseRange(p) !== undefined) published = p;
    else fail(Code.InvalidPort, "published", `invalid published port ${JSON.stringify(p)}`);
  } else if (p !== undefined && p !== null) {
    fail(Code.InvalidType, "published", `published must be a port number or range, got ${describeValue(p)}`);
  }

  let hostIP = str("host_ip");
  if (hostIP !== undefined && hostIP !== "" && !hasInterpolation(hostIP)) {
    hostIP = stripBrackets(hostIP);
    if (!isIP(hostIP)) fail(Code.InvalidPort, "host_ip", `invalid ip address ${JSON.stringify(hostIP)}`);
  }

  let protocol = str("protocol") ?? "tcp";
  if (!hasInterpolation(protocol)) {
    protocol = protocol.toLowerCase();
    if (!PROTOCOLS.includes(protocol)) fail(Code.InvalidPort, "protocol", `invalid protocol ${JSON.stringify(protocol)}`);
  }

  const mode = str("mode") ?? "ingress";
  if (!hasInterpolation(mode) && !MODES.includes(mode)) {
    fail(Code.InvalidValue, "mode", `invalid port mode ${JSON.stringify(mode)}${didYouMean(mode, MODES)} (expected ingress or host)`);
  }
  const name = str("name");
  const appProtocol = str("app_protocol");
  if (!ok || target === undefined) return [];

  const port: Port = {
    ...(name !== undefined ? { name } : {}),
    mode,
    ...(hostIP !== undefined && hostIP !== "" ? { host_ip: hostIP } : {}),
    target,
    ...(published !== undefined && published !== "" ? { published } : {}),
    protocol,
    ...(appProtocol !== undefined ? { app_protocol: appProtocol } : {}),
  };
  for (const [k, v] of Object.entries(value)) if (k.startsWith("x-")) port[k] = v;
  return [port];
}

/** One entry of `ports:` (a number, a short string or a long mapping) → canonical entries. */
export function normalizePort(value: unknown, path: PathSegment[], d: Diagnostics): Port[] {
  if (typeof value === "number") {
    if (!Number.isInteger(value)) {
      d.error(Code.InvalidPort, path, `invalid port ${value}`);
      return [];
    }
    return shortPort(String(value), path, d);
  }
  if (typeof value === "string") return shortPort(value, path, d);
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    return longPort(value as Record<string, unknown>, path, d);
  }
  d.error(Code.InvalidType, path, `invalid port ${describeValue(value)}: expected a number, a string or a mapping`);
  return [];
}

/**
 * The key under which Compose merges and de-duplicates ports (override/uncity.go `portIndexer`):
 * `host_ip:published:target/protocol`, host_ip defaulting to 0.0.0.0.
 */
export function portKey(p: Port): string {
  return `${p.host_ip ?? "0.0.0.0"}:${p.published ?? ""}:${p.target}/${p.protocol}`;
}
