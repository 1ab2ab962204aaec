import { defineStack } from "compose-ts";

// Traefik in front of two apps. Only the proxy is on the public "edge" network; the apps
// and their database talk on an internal "backend" network that has no route out.
const traefikLabels = (name: string, host: string, port: number) => ({
  "traefik.enable": "true",
  [`traefik.http.routers.${name}.rule`]: `Host(\`${host}\`)`,
  [`traefik.http.routers.${name}.entrypoints`]: "websecure",
  [`traefik.http.routers.${name}.tls.certresolver`]: "le",
  [`traefik.http.services.${name}.loadbalancer.server.port`]: String(port),
});

export default defineStack({
  name: "edge",
  services: {
    proxy: {
      image: "traefik:v3.1",
      command: [
        "--providers.docker=true",
        "--providers.docker.exposedbydefault=false",
        "--providers.docker.network=edge_backend",
        "--entrypoints.web.address=:80",
        "--entrypoints.websecure.address=:443",
        "--certificatesresolvers.le.acme.tlschallenge=true",
        "--certificatesresolvers.le.acme.email=${ACME_EMAIL}",
        "--certificatesresolvers.le.acme.storage=/letsencrypt/acme.json",
      ],
      ports: ["80:80", "443:443", { target: 8080, published: "8080", host_ip: "127.0.0.1" }],
      volumes: ["/var/run/docker.sock:/var/run/docker.sock:ro", "letsencrypt:/letsencrypt"],
      networks: ["edge", "backend"],
      restart: "always",
    },
    whoami: {
      image: "traefik/whoami:v1.10",
      labels: traefikLabels("whoami", "whoami.example.com", 80),
      networks: { backend: { aliases: ["who"] } },
      deploy: { replicas: 2, resources: { limits: { cpus: "0.25", memory: "64M" } } },
    },
    blog: {
      image: "ghost:5-alpine",
      environment: { url: "https://blog.example.com", database__client: "sqlite3" },
      labels: traefikLabels("blog", "blog.example.com", 2368),
      volumes: ["ghost:/var/lib/ghost/content"],
      networks: ["backend"],
      depends_on: ["proxy"],
    },
  },
  networks: {
    edge: {},
    backend: { internal: true, ipam: { config: [{ subnet: "172.30.0.0/24" }] } },
  },
  volumes: { letsencrypt: {}, ghost: {} },
});
