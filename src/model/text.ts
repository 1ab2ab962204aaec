/**
 * What text the canonical model can hold. Every target is a UTF-8 file (YAML, JSON, Nix), so a
 * string must have a UTF-8 form: an unpaired UTF-16 surrogate has none. The normalizer refuses
 * such strings with a located error; the printers check again before writing.
 */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether `s` holds an unpaired surrogate (and so has no UTF-8 form). */
export function hasLoneSurrogate(s: string): boolean {
  return LONE_SURROGATE.test(s);
}
