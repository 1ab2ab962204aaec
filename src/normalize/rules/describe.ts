/** A short rendering of a bad value for a diagnostic message: `"abc"`, `12`, `null`, `(a list)`. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (Array.isArray(value)) return "(a list)";
  if (typeof value === "object") return "(a mapping)";
  if (typeof value === "string") return JSON.stringify(value);
  return String(value);
}
