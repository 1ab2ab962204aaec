import path from "node:path";

/** Commander accumulator for repeatable options (`-f a -f b`). */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Paths printed into generated files use `/`, whatever the platform. */
export function toPosix(p: string): string {
  return p.split(path.sep).join("/");
}
