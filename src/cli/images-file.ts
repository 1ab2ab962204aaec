import path from "node:path";
import type { Project } from "../model/index.js";
import { emitImagesNix } from "../emit/images-nix.js";
import type { OutputFile } from "./output.js";
import { toPosix } from "./util.js";

/**
 * `images.nix` beside the compose file `build` writes, when services have Nix-built images;
 * delivered with the compose file (atomically, and checked by `--check`), so the two never
 * disagree about an image's name and tag.
 */
export function imagesNixFile(model: Project, composePath: string, inputPath: string): OutputFile | undefined {
  const dir = path.dirname(composePath);
  const content = emitImagesNix(model, { sourceName: toPosix(path.relative(dir, inputPath)) });
  return content === undefined ? undefined : { path: path.join(dir, "images.nix"), content };
}
