import { defineStack, nixImage } from "compose-ts";

// GNU hello in an image built by Nix: no Dockerfile, no registry. `compose-ts build` writes
// docker-compose.yml and images.nix; `nix-build images.nix -A hello && docker load < result`
// loads hello-docker:1.0, which `docker compose up` then runs.
export default defineStack({
  name: "hello-docker",
  services: {
    hello: {
      image: nixImage({ name: "hello-docker", contents: ["hello"], command: ["hello"], tag: "1.0" }),
    },
  },
});
