import type { Stack } from "./stack.js";

/**
 * Declares a stack. It only checks types and returns its argument unchanged.
 *
 * The `const` type parameters are inferred from the keys of `services`, `networks`, `volumes`,
 * `secrets`, `configs` and `models`; every reference inside a service (`depends_on`,
 * `networks`, volume sources, `secrets`, `configs`, `links`, `volumes_from`, `extends`,
 * `network_mode`/`ipc`/`pid: "service:…"`, `models`) must then be one of those names.
 *
 * @example
 * export default defineStack({
 *   services: {
 *     db: { image: "postgres:16", volumes: ["pgdata:/var/lib/postgresql/data"] },
 *     web: { image: "nginx:1.27", depends_on: ["db"] },
 *   },
 *   volumes: { pgdata: {} },
 * });
 */
export function defineStack<
  const S extends string = never,
  const N extends string = never,
  const V extends string = never,
  const Se extends string = never,
  const C extends string = never,
  const M extends string = never,
>(stack: Stack<S, N, V, Se, C, M>): Stack<S, N, V, Se, C, M> {
  return stack;
}
