import * as nodePath from "node:path";
import { Code, type PathSegment, type SourcePos, didYouMean } from "../../diagnostics/index.js";
import { mergeComposeDocuments } from "../../normalize/merge.js";
import { isPlainObject, setOwn } from "../../util/values.js";
import { type Here, type LoadContext, type Obj, joinPath, relativeDir, structuredCloneCompose } from "./context.js";
import type { Lookup } from "./environment.js";
import { type PositionIndex, positionIn } from "./positions.js";
import { rebaseService } from "./rebase.js";

/**
 * `extends` (compose-go loader/extends.go): a service is its base service (same file, or
 * `file:` another compose file, rebased) with its own keys merged on top, by Compose's merge rules.
 */

interface Link {
  id: string;
  file: string;
  name: string;
}

/** One file's services while their `extends` are resolved. */
interface Scope {
  file: string;
  id: string;
  services: Obj;
  positions: PositionIndex;
  resolved: Map<string, unknown>;
  /** The services are not this file's own: they are being extended from elsewhere. */
  foreign: boolean;
  /** The variables `extends.file` is resolved with. */
  env: Lookup;
}

export class Extends {
  /** Extended files' services, rebased, by absolute path (undefined when they cannot be used). */
  private readonly scopes = new Map<string, Scope | undefined>();

  constructor(private readonly loader: LoadContext) {}

  /** Applies `extends` to every service of `cfg`, in place. */
  apply(cfg: Obj, here: Here, projectDir: string, env: Lookup): void {
    if (!isPlainObject(cfg.services)) return;
    const scope: Scope = {
      file: here.file,
      id: nodePath.resolve(here.file),
      services: cfg.services,
      positions: here.positions,
      resolved: new Map(),
      foreign: false,
      env,
    };
    for (const name of Object.keys(cfg.services)) this.resolveService(name, scope, projectDir, []);
  }

  /** The service with its `extends` applied; undefined after an error. */
  private resolveService(name: string, scope: Scope, projectDir: string, chain: Link[]): unknown {
    const service = scope.services[name];
    if (!isPlainObject(service) || service.extends === undefined) return service;
    if (scope.resolved.has(name)) return scope.resolved.get(name);
    const result = this.extendService(name, service, scope, projectDir, chain);
    // Failures are remembered too, so that one broken chain is reported once.
    scope.resolved.set(name, result);
    return result;
  }

  private extendService(name: string, service: Obj, scope: Scope, projectDir: string, chain: Link[]): unknown {

    const at: PathSegment[] = ["services", name, "extends"];
    const pos = positionIn(scope, at);
    const ext = service.extends;
    let ref: string;
    let file: string | undefined;
    // Names that must be known to find the base service are interpolated, as compose-go does.
    const resolve = (v: string, p: PathSegment[]) => (v.includes("$") ? this.loader.resolve(v, p, positionIn(scope, p), scope.env) : v);
    if (typeof ext === "string") ref = resolve(ext, at);
    else if (isPlainObject(ext)) {
      if (typeof ext.service !== "string") {
        this.loader.report(Code.ComposeFileReference, [...at, "service"], `extends.${name}.service is required`, pos);
        return undefined;
      }
      ref = resolve(ext.service, [...at, "service"]);
      if (ext.file !== undefined && ext.file !== null) {
        if (typeof ext.file !== "string") {
          this.loader.report(Code.InvalidType, [...at, "file"], "extends.file must be a string", pos);
          return undefined;
        }
        file = resolve(ext.file, [...at, "file"]);
      }
    } else {
      this.loader.report(Code.InvalidType, at, "extends must be a service name or a mapping with `service`", pos);
      return undefined;
    }

    const me = { id: scope.id, file: scope.file, name };
    if (chain.some((c) => c.id === me.id && c.name === name)) {
      const lines = ["Circular reference:", `  ${chain[0]!.name} in ${chain[0]!.file}`];
      for (const c of [...chain.slice(1), me]) lines.push(`  extends ${c.name} in ${c.file}`);
      this.loader.report(Code.ComposeFileReference, at, lines.join("\n"), pos);
      return undefined;
    }

    let target = scope;
    if (file !== undefined) {
      const t = this.extendsScope(joinPath(projectDir, file), projectDir, { pos, path: at }, scope.env);
      if (!t) return undefined;
      if (!Object.hasOwn(t.services, ref)) {
        this.loader.report(
          Code.ComposeFileReference,
          at,
          `cannot extend service "${name}" in ${scope.file}: service "${ref}" not found in ${file}`,
          pos,
        );
        return undefined;
      }
      target = t;
    } else if (!Object.hasOwn(scope.services, ref)) {
      this.loader.report(
        Code.ComposeFileReference,
        at,
        `cannot extend service "${name}" in ${scope.file}: service "${ref}" not found${didYouMean(ref, Object.keys(scope.services))}`,
        pos,
      );
      return undefined;
    }

    const base = this.resolveService(ref, target, projectDir, [...chain, me]);
    if (base === undefined) return undefined;
    const own: Obj = { ...service };
    delete own.extends;
    let merged: unknown = own;
    if (base !== null) {
      const out = mergeComposeDocuments(
        { services: { [name]: structuredCloneCompose(base) } },
        { services: { [name]: own } },
        // The extending file's own !reset/!override still apply to earlier -f files.
        { keepMarkers: !scope.foreign },
      ) as { services: Obj };
      merged = out.services[name];
    }
    setOwn(scope.services, name, merged);
    return merged;
  }

  /** Another file's services, with paths rebased onto the project directory. Cached per file. */
  private extendsScope(file: string, projectDir: string, from: { pos: SourcePos | undefined; path: PathSegment[] }, env: Lookup): Scope | undefined {
    const id = nodePath.resolve(file);
    if (this.scopes.has(id)) return this.scopes.get(id);
    const parsed = this.loader.parse(file, from);
    let scope: Scope | undefined;
    if (parsed?.value) {
      const services = parsed.value.services;
      if (!isPlainObject(services)) {
        this.loader.report(Code.ComposeFileReference, from.path, `cannot extend from ${file}: no services section`, from.pos);
      } else {
        const relDir = relativeDir(projectDir, nodePath.dirname(file));
        for (const s of Object.values(services)) rebaseService(s, relDir);
        scope = { file, id, services, positions: parsed.positions, resolved: new Map(), foreign: true, env };
      }
    }
    this.scopes.set(id, scope);
    return scope;
  }
}
