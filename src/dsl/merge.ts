import { mergeComposeDocuments } from "../normalize/merge.js";
import type { StackInput } from "./stack.js";

/**
 * Layers stacks like `docker compose -f base.yml -f override.yml`: maps merge, lists append
 * (de-duplicated by their key: ports, volumes by target, …), later scalars win. An override
 * file becomes an override object.
 *
 * @example
 * export default mergeStacks(base, { services: { web: { ports: ["8080:80"] } } });
 */
export function mergeStacks<T extends StackInput>(base: T, ...overrides: Array<Partial<StackInput>>): T {
  return overrides.reduce<unknown>((acc, o) => mergeComposeDocuments(acc, o), base) as T;
}
