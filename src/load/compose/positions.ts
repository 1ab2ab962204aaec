import type { PathSegment, SourcePos } from "../../diagnostics/index.js";

/**
 * Where things were written: each file's value and key nodes by path, and the lookups that turn
 * a path of the (merged) document back into a file, line and column.
 */

export interface LineCol {
  line: number;
  col: number;
}

/** Source positions of one file's value nodes and key nodes, by path. */
export interface PositionIndex {
  readonly file: string;
  readonly values: ReadonlyMap<string, LineCol>;
  readonly keys: ReadonlyMap<string, LineCol>;
}

export function pathKey(segments: readonly PathSegment[]): string {
  return JSON.stringify(segments.map(String));
}

/**
 * 1-based position for a path: of the value node, else of its key, else of the nearest ancestor.
 * Inside an alias, positions point into the anchored node.
 */
export function positionOf(index: PositionIndex, segments: readonly PathSegment[]): LineCol | undefined {
  for (let n = segments.length; n >= 0; n--) {
    const k = pathKey(segments.slice(0, n));
    const pos = index.values.get(k) ?? index.keys.get(k);
    if (pos) return pos;
  }
  return undefined;
}

/** positionOf, with the file it is in. */
export function positionIn(where: { file: string; positions: PositionIndex }, segments: readonly PathSegment[]): SourcePos | undefined {
  const p = positionOf(where.positions, segments);
  return p ? { file: where.file, ...p } : undefined;
}

/**
 * For a document merged from several files: the deepest match wins; between equals, the later
 * file (whose value won the merge).
 */
export function locateInFiles(indexes: PositionIndex[], segments: readonly PathSegment[]): SourcePos | undefined {
  let best: SourcePos | undefined;
  let bestDepth = -1;
  for (const index of indexes) {
    for (let n = segments.length; n > bestDepth - 1 && n >= 0; n--) {
      const k = pathKey(segments.slice(0, n));
      const pos = index.values.get(k) ?? index.keys.get(k);
      if (pos) {
        if (n >= bestDepth) {
          best = { file: index.file, ...pos };
          bestDepth = n;
        }
        break;
      }
    }
  }
  return best;
}
