import type { ServiceHook } from "./service-parts.js";
import type { Extensions, StringOrList } from "./scalars.js";

/** What `docker compose watch` does when a watched file changes. */
export type WatchAction = "rebuild" | "sync" | "restart" | "sync+restart" | "sync+exec";

/** One watch rule of `develop.watch`. */
export interface WatchRule extends Extensions {
  /** Host path (relative to the project directory) to watch. */
  path: string;
  /**
   * `"rebuild"` the image, `"sync"` files into the container, `"restart"` it, or sync then
   * restart / sync then run `exec`.
   */
  action: WatchAction;
  /** Container path files are synced to (sync actions). */
  target?: string;
  /** Command run in the container after a sync (`"sync+exec"`). */
  exec?: ServiceHook;
  /** Glob patterns (relative to `path`) to watch; default: everything. */
  include?: StringOrList;
  /** Glob patterns (relative to `path`) to leave out. */
  ignore?: StringOrList;
  /** Sync everything once when watching starts (sync actions). Default `false`. */
  initial_sync?: boolean;
}

/**
 * `develop`: settings for the `docker compose watch` inner loop.
 * @see https://docs.docker.com/reference/compose-file/develop/
 */
export interface Develop extends Extensions {
  /** Rules mapping file changes to actions. */
  watch?: readonly WatchRule[];
}
