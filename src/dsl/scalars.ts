/**
 * Value shapes shared by every part of the DSL.
 *
 * Booleans and numbers accept a string only when it contains a `$`: in a `stack.ts` a literal
 * value is written as a real `true` or `8080`, so the only reason to write a string there is a
 * `${VAR}` that `docker compose` substitutes on the machine that runs the file. A template
 * literal (rather than plain `string`) keeps `privileged: "ture"` a type error while letting
 * `privileged: "${PRIVILEGED:-false}"` through.
 */

/**
 * A string holding a `${VAR}` (or `$VAR`) expression, left for `docker compose` to substitute.
 * @example "${REPLICAS:-1}"
 */
export type Interpolated = `${string}$${string}`;

/** `true`/`false`, or a `${VAR}` that resolves to one. */
export type Bool = boolean | Interpolated;

/** A whole number, or a `${VAR}` that resolves to one. */
export type Int = number | Interpolated;

/** A number (fractions allowed), or a `${VAR}` that resolves to one. */
export type Num = number | Interpolated;

/**
 * A number of CPUs: `1.5`, `"0.5"` (the quoted form is idiomatic in Compose files) or a `${VAR}`.
 */
export type Cpus = number | `${number}` | Interpolated;

/**
 * A byte count: a plain number of bytes, or a string with a unit suffix
 * (`b`, `k`/`kb`, `m`/`mb`, `g`/`gb`, binary multiples): `"512m"`, `"1gb"`, `"-1"`.
 */
export type ByteSize = number | string;

/**
 * A duration in Go syntax: a sequence of number+unit pairs (`ns`, `us`, `ms`, `s`, `m`, `h`,
 * and Compose's extra `d`, `w`), e.g. `"30s"`, `"1m30s"`, `"500ms"`.
 */
export type Duration = string;

/** A single string, or a list of them (the single string is shorthand for a one-item list). */
export type StringOrList = string | readonly string[];

/** A scalar value of a key/value map; numbers and booleans are turned into strings. */
export type MapValue = string | number | boolean | null;

/**
 * Key/value pairs, as a map (`{ KEY: "v" }`) or as a list of `"KEY=v"` strings.
 * In the map form `null` (or a bare `"KEY"` in the list form) means "no value".
 */
export type ListOrDict = { readonly [key: string]: MapValue } | readonly string[];

/** Driver options: string values, numbers are accepted and turned into strings. */
export type DriverOpts = { readonly [key: string]: string | number };

/**
 * `x-*` keys: free-form data Compose carries along but does not interpret (handy as YAML
 * anchors' targets, or for other tools). The template-literal key keeps excess-property
 * checks working for every other unknown key.
 */
export type Extensions = { [key: `x-${string}`]: unknown };
