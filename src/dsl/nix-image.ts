/**
 * An image built by Nix (`pkgs.dockerTools`) instead of pulled from a registry or built from a
 * Dockerfile. The same recipe reaches every target: `images.nix` beside docker-compose.yml,
 * Arion's `image.*` options, and the NixOS container's `imageFile`.
 *
 * In the compose file it is written as the service's `x-nix-image` key, next to the
 * `image: "<name>:<tag>"` the loaded image carries.
 */
export interface NixImageOptions {
  /**
   * The image's repository name, e.g. `"hello-docker"`: `docker load` gives it this name, and the
   * service's `image` becomes `"<name>:<tag>"`. Lowercase, as Docker requires.
   */
  name: string;
  /**
   * Nixpkgs attribute paths put into the image (their bin/, lib/, … are linked at its root):
   * `"hello"`, `"python3Packages.flask"`. Each is looked up in `pkgs`, so a typo fails the Nix build.
   */
  contents: readonly string[];
  /** The image's `Cmd`: the program and its arguments (no shell), e.g. `["hello"]`. */
  command?: readonly string[];
  /** Environment variables baked into the image (`Env`), as a map or `"KEY=value"` list. */
  env?: { readonly [key: string]: string } | readonly string[];
  /** The process's working directory in the image (`WorkingDir`). */
  workingDir?: string;
  /** Ports the image declares (`ExposedPorts`): `80`, `"80"`, `"53/udp"`. Publishing is still `ports`. */
  exposedPorts?: readonly (number | string)[];
  /**
   * `true` (default): `dockerTools.buildLayeredImage`, one layer per store path, so images that
   * share dependencies share layers. `false`: `dockerTools.buildImage`, a single layer.
   */
  layered?: boolean;
  /**
   * A fixed tag for the image, e.g. `"1.0"`. Without one the tag is `latest` (with a warning):
   * Nix itself would otherwise tag the image with its output hash, which no compose file can
   * know in advance, so compose-ts always passes a tag to Nix.
   */
  tag?: string;
  /**
   * Arion only (`service.useHostStore`): bind-mount the host's `/nix/store` instead of copying
   * the store paths into the image. Faster to rebuild; the container then depends on the host.
   */
  useHostStore?: boolean;
}

/** What `nixImage(…)` returns: the recipe under the extension key the compose file uses. */
export interface NixImage {
  readonly "x-nix-image": NixImageOptions;
}

/**
 * A Nix-built image for a service's `image`:
 *
 * ```ts
 * hello: { image: nixImage({ name: "hello-docker", contents: ["hello"], command: ["hello"], tag: "1.0" }) }
 * ```
 */
export function nixImage(options: NixImageOptions): NixImage {
  return { "x-nix-image": options };
}
