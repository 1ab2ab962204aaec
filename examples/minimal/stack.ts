import { defineStack } from "compose-ts";

// The smallest useful stack: one web server on port 8080.
export default defineStack({
  name: "hello",
  services: {
    web: {
      image: "nginx:1.27-alpine",
      ports: ["8080:80"],
      restart: "unless-stopped",
    },
  },
});
