import { compareKeys } from "../model/order.js";
import type { HostConfig, JsonValue } from "../normalize/host.js";

/**
 * `/etc/docker/daemon.json` from `host.docker.daemonSettings`: the same settings the NixOS
 * module puts in `virtualisation.docker.daemon.settings`, for hosts that are not NixOS.
 * Keys sorted byte-wise at every level, 2-space indent, a final newline.
 */
export function emitDaemonJson(host: HostConfig): string {
  return JSON.stringify(sortKeys(host.docker?.daemonSettings ?? {}), null, 2) + "\n";
}

function sortKeys(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === "object") {
    const out: { [key: string]: JsonValue } = {};
    for (const k of Object.keys(v).sort(compareKeys)) out[k] = sortKeys(v[k]!);
    return out;
  }
  return v;
}
