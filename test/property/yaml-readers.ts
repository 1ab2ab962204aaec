/**
 * Reading YAML documents back with PyYAML — the pure-Python SafeLoader and libyaml's CSafeLoader
 * (docker-compose v1 and most Python tools) — in ONE python3 process for a whole batch.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** What a reader made of one document: its value as JSON, or the reader's error. */
export type ReadBack = { ok: unknown } | { error: string };

export interface PyYamlReaders {
  /** Whether libyaml's CSafeLoader is available (PyYAML built with libyaml). */
  libyaml: boolean;
}

const PROBE = "import yaml, json; print(json.dumps({'libyaml': bool(getattr(yaml, '__with_libyaml__', False))}))";

/** PyYAML on this machine, or why not (python3 or PyYAML missing). */
export function probePyYaml(): PyYamlReaders | { missing: string } {
  const r = spawnSync("python3", ["-c", PROBE], { encoding: "utf8" });
  if (r.error) return { missing: `python3 not runnable: ${r.error.message}` };
  if (r.status !== 0) return { missing: `python3 has no PyYAML (import yaml failed): ${r.stderr.trim().split("\n").pop() ?? ""}` };
  return JSON.parse(r.stdout) as PyYamlReaders;
}

const READ_ALL = `
import json, sys, yaml
loaders = [("pure", yaml.SafeLoader)]
if getattr(yaml, "__with_libyaml__", False):
    loaders.append(("libyaml", yaml.CSafeLoader))
def read(data, loader):
    try:
        return {"ok": yaml.load(data, Loader=loader)}
    except Exception as e:
        return {"error": type(e).__name__ + ": " + str(e)[:400]}
def dump(r):
    try:
        return json.dumps(r, ensure_ascii=True, allow_nan=False)
    except Exception as e:
        return json.dumps({"error": "not JSON data (" + type(e).__name__ + "): " + repr(r)[:400]})
d, n = sys.argv[1], int(sys.argv[2])
out = sys.stdout
out.write("[")
for i in range(n):
    with open(d + "/" + str(i) + ".yml", "rb") as f:
        data = f.read()
    if i: out.write(",")
    out.write("{" + ",".join(json.dumps(name) + ":" + dump(read(data, loader)) for name, loader in loaders) + "}")
out.write("]")
`;

/**
 * Every document read by each PyYAML loader: `result[i].pure`, `result[i].libyaml` (the latter
 * only when PyYAML has libyaml). Files are read as bytes, as a YAML file is.
 */
export function readWithPyYaml(docs: readonly string[]): Array<Record<string, ReadBack>> {
  const dir = mkdtempSync(join(tmpdir(), "compose-ts-yaml-prop-"));
  try {
    docs.forEach((text, i) => writeFileSync(join(dir, `${i}.yml`), text, "utf8"));
    const r = spawnSync("python3", ["-c", READ_ALL, dir, String(docs.length)], { encoding: "utf8", maxBuffer: 1 << 30 });
    if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
    return JSON.parse(r.stdout) as Array<Record<string, ReadBack>>;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
