import type { Interpolated } from "./scalars.js";

/**
 * String forms that point at declared names. Each is a union of literals or template literals
 * built from the name unions `defineStack` infers, so a typo is a type error in the editor.
 *
 * Cost: a template like `${S}:${string}` distributes into one template per name, and a string
 * is compared against them one by one — linear in the number of names, with no cross-products
 * (see the 300-service measurement in the report). Names are never combined with each other.
 */

/**
 * A template over the names, or the names themselves when they are unchecked (a `Service`
 * written without type arguments, whose names are `any`). A template such as `service:${any}`
 * is not `any`: spreading such a service into a checked one (`{ ...node("x"), depends_on: [...] }`)
 * would then be refused, since `service:${any}` is not `"service:api"`.
 */
// (`{} extends N` holds for `any` only; the usual `0 extends 1 & N` is reduced too early for a
// parameter constrained to `string`.)
type UncheckedOr<N extends string, T> = {} extends N ? N : T;

/** `"ro"` mounts read-only, `"rw"` read-write (the default). */
export type AccessMode = "ro" | "rw";

/**
 * A host path in the short volume syntax: Compose treats a source as a bind mount when it
 * starts with `.`, `/`, `~` or `\\` (or a Windows drive letter); `$` covers `${HOST_DIR}:…`.
 */
export type HostPath = `.${string}` | `/${string}` | `~${string}` | `$${string}` | `\\${string}` | `${WindowsDrive}:${string}`;

type WindowsDrive =
  | "A" | "B" | "C" | "D" | "E" | "F" | "G" | "H" | "I" | "J" | "K" | "L" | "M"
  | "N" | "O" | "P" | "Q" | "R" | "S" | "T" | "U" | "V" | "W" | "X" | "Y" | "Z";

/**
 * Short volume syntax `SOURCE:TARGET[:MODE]`: SOURCE is a declared volume name or a host path;
 * a lone container path (`"/data"`) is an anonymous volume.
 * MODE is a comma list: `ro`, `rw`, `z`, `Z`, `nocopy`, `shared`, `rshared`, `slave`, `rslave`,
 * `private`, `rprivate` (not checked here).
 */
export type ShortVolume<V extends string> = UncheckedOr<V, `${V}:${string}`> | HostPath;

/** `volumes_from` entry: a service (optionally `:ro`/`:rw`) or `container:<name>[:ro|:rw]`. */
export type VolumesFrom<S extends string> = S | UncheckedOr<S, `${S}:${AccessMode}`> | `container:${string}`;

/** `links` entry: `service` or `service:alias`. */
export type Link<S extends string> = S | UncheckedOr<S, `${S}:${string}`>;

/** Joining another service's or container's namespace: `service:<name>` or `container:<name>`. */
export type NamespaceRef<S extends string> = UncheckedOr<S, `service:${S}`> | `container:${string}`;

/**
 * `network_mode`: `bridge`, `host`, `none`, another service's stack (`service:<name>`) or a
 * running container's (`container:<name>`).
 */
export type NetworkMode<S extends string> = "bridge" | "host" | "none" | NamespaceRef<S> | Interpolated;
