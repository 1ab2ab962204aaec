import { readFileSync } from "node:fs";
import type { LineCol } from "./positions.js";

/**
 * A compose file's bytes → its text. YAML is Unicode: UTF-8, or UTF-16 with a byte-order mark
 * (as go-yaml reads it). Bytes that are not valid UTF-8 are an invalid file, never replaced
 * with U+FFFD and carried into the output.
 */

/** Thrown for a file that is not valid UTF-8: where its first bad byte is. */
export class InvalidEncoding extends Error {
  constructor(
    readonly file: string,
    readonly at: LineCol,
    readonly byte: number,
  ) {
    super(`this file is not valid UTF-8: byte 0x${byte.toString(16).toUpperCase().padStart(2, "0")} at line ${at.line}, column ${at.col}; save it as UTF-8`);
  }
}

export function readComposeText(file: string): string {
  return decodeComposeText(readFileSync(file), file);
}

export function decodeComposeText(bytes: Uint8Array, file: string): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes);
  const bad = firstInvalidUtf8(bytes);
  // A UTF-8 byte-order mark stays in the text, as `readFileSync(…, "utf8")` keeps it.
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bad === -1 ? bytes : bytes.subarray(0, bad));
  if (bad === -1) return text;
  const lines = text.split("\n");
  throw new InvalidEncoding(file, { line: lines.length, col: [...lines[lines.length - 1]!].length + 1 }, bytes[bad]!);
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence, or -1. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      if (c === 0xe0) lo = 0xa0; // no overlong forms
      if (c === 0xed) hi = 0x9f; // no surrogates
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f; // nothing past U+10FFFF
    } else return i;
    for (let k = 1; k <= n; k++) {
      const x = b[i + k];
      if (x === undefined || x < (k === 1 ? lo : 0x80) || x > (k === 1 ? hi : 0xbf)) return i;
    }
    i += n + 1;
  }
  return -1;
}
