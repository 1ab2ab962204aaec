/**
 * A small line diff for `--check`: enough to show a user what drifted, in unified style
 * (hunk headers, no context lines). LCS over lines; outputs are config files of modest size.
 */
export function lineDiff(before: string, after: string, labels: { before: string; after: string }): string {
  const a = before.split("\n");
  const b = after.split("\n");
  const n = a.length;
  const m = b.length;
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: string[] = [`--- ${labels.before}`, `+++ ${labels.after}`];
  let i = 0;
  let j = 0;
  let inHunk = false;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      i++;
      j++;
      inHunk = false;
      continue;
    }
    if (!inHunk) {
      out.push(`@@ -${i + 1} +${j + 1} @@`);
      inHunk = true;
    }
    if (j < m && (i === n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) out.push(`+${b[j++]}`);
    else out.push(`-${a[i++]}`);
  }
  return out.join("\n") + "\n";
}
