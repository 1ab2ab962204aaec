import type { Host } from "./host.js";
import type { Config, Include, Model, Network, Secret, Volume } from "./resources.js";
import type { Extensions } from "./scalars.js";
import type { Service } from "./service.js";

/**
 * A whole stack: what a `stack.ts` exports. Keys are the Compose file's own, plus `host`.
 *
 * Type parameters are the declared names (`S` services, `N` networks, `V` volumes, `Se` secrets,
 * `C` configs, `M` models). `defineStack` infers them from the keys of each section; inside
 * services they are wrapped in `NoInfer`, so a reference can never widen the set of names —
 * a misspelt reference is an error instead of a new name — and a service's own name is left
 * out of the names it may refer to.
 *
 * @see https://docs.docker.com/reference/compose-file/
 */
export interface Stack<
  S extends string = string,
  N extends string = string,
  V extends string = string,
  Se extends string = string,
  C extends string = string,
  M extends string = string,
> extends Extensions {
  /**
   * Project name: prefixes container, network and volume names. Lowercase letters, digits, `-`
   * and `_`. Default: the directory name (the `-p` flag and `COMPOSE_PROJECT_NAME` override it).
   * @see https://docs.docker.com/reference/compose-file/version-and-name/
   */
  name?: string;
  /**
   * Ignored by Compose v2 (it only warns); kept so older files still type-check.
   * @deprecated Remove it.
   */
  version?: string;
  /**
   * Other Compose files whose services and resources join this stack (each resolved relative to its own directory).
   * @see https://docs.docker.com/reference/compose-file/include/
   */
  include?: readonly Include[];
  /**
   * The containers to run, by service name.
   * @see https://docs.docker.com/reference/compose-file/services/
   */
  // Each service sees the *other* services' names: depending on, linking to, extending or
  // sharing a namespace with itself is always an error, and the editor should not offer it.
  // Every section's keys are optional so that `...(process.env.CI ? { tests: {…} } : {})`, whose
  // type has `tests?:`, still declares `tests`; a key that is there is checked all the same.
  services?: {
    [K in S]?: Service<
      Declared<Others<NoInfer<S>, K>>,
      Declared<NoInfer<N>>,
      Declared<NoInfer<V>>,
      Declared<NoInfer<Se>>,
      Declared<NoInfer<C>>,
      Declared<NoInfer<M>>
    >;
  };
  /**
   * Networks services can join, by name; `default` exists without being declared.
   * @see https://docs.docker.com/reference/compose-file/networks/
   */
  networks?: { [K in N]?: Network | null };
  /**
   * Named volumes services can mount, by name.
   * @see https://docs.docker.com/reference/compose-file/volumes/
   */
  volumes?: { [K in V]?: Volume | null };
  /**
   * Secrets services can mount, by name.
   * @see https://docs.docker.com/reference/compose-file/secrets/
   */
  secrets?: { [K in Se]?: Secret };
  /**
   * Configs services can mount, by name.
   * @see https://docs.docker.com/reference/compose-file/configs/
   */
  configs?: { [K in C]?: Config };
  /**
   * AI models services can use, by name.
   * @see https://docs.docker.com/reference/compose-file/models/
   */
  models?: { [K in M]?: Model };
  /**
   * Settings of the Docker host itself, for the NixOS targets (not part of Compose; never
   * written to docker-compose.yml).
   */
  host?: Host;
}

/**
 * The service names a service may refer to: all but its own. With unchecked names (`string`)
 * nothing can be excluded, and `Exclude<string, K>` would be `never`.
 * Cost: one union per service, so checking grows with services² (see bench/README.md).
 */
type Others<S extends string, K extends string> = string extends S ? S : Exclude<S, K>;

/**
 * What a reference may name when a section declares nothing. Like `never`, no string literal is
 * one, so every reference there is an error; unlike `never`, the unchecked names of a
 * `const db: Service = { … }` (see `Service`) fit it, so such a service can go into any stack.
 */
type Undeclared = string & { readonly "~undeclared": never };

/** The declared names, or `Undeclared` when there are none. */
type Declared<T extends string> = [T] extends [never] ? Undeclared : T;

/**
 * The loosest stack value the loader accepts: every name is a plain `string`, so nothing is
 * cross-checked. The normalizer validates references at run time.
 */
export type StackInput = Stack<string, string, string, string, string, string>;

/** A `stack.ts` default export may also be a function (sync or async) that builds the stack. */
export type StackFactory = () => StackInput | Promise<StackInput>;

/** Everything a `stack.ts` may default-export (a Promise of a stack too: it is awaited). */
export type StackExport = StackInput | Promise<StackInput> | StackFactory;

/**
 * The names a stack declares, section by section. Given a union of stacks, each section is the
 * union of their names (what merging them declares).
 */
export interface StackNames<T extends StackInput> {
  /** Declared service names. */
  services: SectionNames<T, "services">;
  /** Declared network names (without the implicit `default`). */
  networks: SectionNames<T, "networks">;
  /** Declared volume names. */
  volumes: SectionNames<T, "volumes">;
  /** Declared secret names. */
  secrets: SectionNames<T, "secrets">;
  /** Declared config names. */
  configs: SectionNames<T, "configs">;
  /** Declared model names. */
  models: SectionNames<T, "models">;
}

/** Distributes over a union of stacks, so the names of every member are kept. */
type SectionNames<T extends StackInput, K extends keyof StackInput> = T extends StackInput
  ? keyof NonNullable<T[K]> & string
  : never;

/** The stack type declaring the names of every stack in the union `T`: the type of merging them. */
export type MergedStack<T extends StackInput> = Stack<
  StackNames<T>["services"],
  StackNames<T>["networks"],
  StackNames<T>["volumes"],
  StackNames<T>["secrets"],
  StackNames<T>["configs"],
  StackNames<T>["models"]
>;
