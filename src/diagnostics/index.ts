/**
 * Diagnostics are data. Every stage collects them; only the CLI renders them.
 * The set of codes is closed so tools can rely on them (`--format json`).
 */

/** The closed set of diagnostic codes, by what they mean. */
export const Code = {
  /** A value has the wrong type or shape for its key. */
  InvalidType: "CT0100",
  /** A key that Compose does not define (and is not an `x-` extension). */
  UnknownKey: "CT0101",
  /** A name that refers to a service, network, volume, secret or config that is not declared. */
  UnknownReference: "CT0102",
  /** A value outside the accepted set (restart policy, condition, protocol, …). */
  InvalidValue: "CT0103",
  /** A required key is missing. */
  MissingKey: "CT0104",
  /** Two keys or forms that cannot be used together. */
  Conflict: "CT0105",
  /** `depends_on` (explicit or implied) forms a cycle. */
  DependencyCycle: "CT0110",
  /** A service depends on itself. */
  SelfDependency: "CT0111",
  /** Two services publish the same host port on the same host IP and protocol. */
  DuplicatePort: "CT0120",
  /** Two services use the same `container_name`. */
  DuplicateContainerName: "CT0121",
  /** The project name is not valid. */
  InvalidProjectName: "CT0130",
  /** A port or port range cannot be parsed. */
  InvalidPort: "CT0140",
  /** A duration cannot be parsed. */
  InvalidDuration: "CT0141",
  /** A byte size cannot be parsed. */
  InvalidByteSize: "CT0142",
  /** An image reference is not valid. */
  InvalidImage: "CT0143",
  /** A restart policy is not valid. */
  InvalidRestart: "CT0144",
  /** A `${…}` expression that Compose cannot interpolate. */
  InvalidInterpolation: "CT0145",
  /** A volume, device or mount spec cannot be parsed. */
  InvalidMount: "CT0146",
  /** Two settings that must agree do not (mem_limit vs deploy limits, scale vs replicas, …). */
  Inconsistent: "CT0150",
  /** A deprecated or obsolete form was accepted (warning). */
  Deprecated: "CT0160",
  /** A value that will be readable by anyone who can read the output (warning). */
  SecretExposure: "CT0170",
  /** A key that the chosen target cannot express. */
  NotExpressible: "CT0180",
  /** The stack file could not be found or read. */
  LoadFailed: "CT0300",
  /** The stack file's code threw, or does not export a stack. */
  StackModuleError: "CT0301",
  /** YAML that cannot be parsed, or is not a Compose mapping. */
  YamlSyntax: "CT0400",
  /** A YAML mapping with the same key twice. */
  YamlDuplicateKey: "CT0401",
  /** Too many alias expansions or an input too large (a YAML bomb guard). */
  YamlLimit: "CT0402",
  /** `extends` / `include` could not be resolved, or form a cycle. */
  ComposeFileReference: "CT0410",
} as const;

export type DiagnosticCode = (typeof Code)[keyof typeof Code];
export type Severity = "error" | "warning";

/** A position in a source file (1-based line and column). */
export interface SourcePos {
  file: string;
  line: number;
  col: number;
}

export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  /** Where in the stack: `services.web.ports[0]`. Empty for the whole document. */
  path: string;
  message: string;
  /** Filled in when a source position is known (YAML input, or mapped back from `stack.ts`). */
  pos?: SourcePos;
}

export type PathSegment = string | number;

const IDENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Renders path segments as `services.web.ports[0]` / `labels["com.example.x"]`. */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = "";
  for (const seg of segments) {
    if (typeof seg === "number") out += `[${seg}]`;
    else if (IDENT.test(seg)) out += out === "" ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** The inverse of `formatPath`: `services.web.ports[0]` → ["services", "web", "ports", 0]. */
export function parsePath(text: string): PathSegment[] {
  const out: PathSegment[] = [];
  const re = /(?:^|\.)([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/gy;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(JSON.parse(m[3]!) as string);
    if (re.lastIndex === text.length) break;
  }
  return out;
}

/** Collects diagnostics across stages. */
export class Diagnostics {
  readonly items: Diagnostic[] = [];

  error(code: DiagnosticCode, path: readonly PathSegment[] | string, message: string): void {
    this.push({ code, severity: "error", path: typeof path === "string" ? path : formatPath(path), message });
  }

  warn(code: DiagnosticCode, path: readonly PathSegment[] | string, message: string): void {
    this.push({ code, severity: "warning", path: typeof path === "string" ? path : formatPath(path), message });
  }

  push(d: Diagnostic): void {
    const dup = this.items.some(
      (x) => x.code === d.code && x.path === d.path && x.message === d.message && x.severity === d.severity,
    );
    if (!dup) this.items.push(d);
  }

  get errors(): Diagnostic[] {
    return this.items.filter((d) => d.severity === "error");
  }

  get warnings(): Diagnostic[] {
    return this.items.filter((d) => d.severity === "warning");
  }

  hasErrors(): boolean {
    return this.items.some((d) => d.severity === "error");
  }
}

/** Edit distance where swapping two neighbours counts as one edit (optimal string alignment). */
function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}

/** The closest candidate to `name`, if it is close enough to be a plausible typo. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(1, Math.floor(Math.max(name.length, best.length) / 3));
  return bestD <= limit ? best : undefined;
}

/** `— did you mean "db"?` or the empty string. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const c = closest(name, candidates);
  return c === undefined ? "" : ` — did you mean "${c}"?`;
}
