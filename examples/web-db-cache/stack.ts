import { defineStack } from "compose-ts";

// A web app with PostgreSQL and Redis: healthchecks gate start-up order, the database
// password comes from a secret file (never inlined), data lives in named volumes.
export default defineStack({
  name: "shop",
  services: {
    db: {
      image: "postgres:16-alpine",
      environment: {
        POSTGRES_USER: "shop",
        POSTGRES_DB: "shop",
        POSTGRES_PASSWORD_FILE: "/run/secrets/db_password",
      },
      secrets: ["db_password"],
      volumes: ["pgdata:/var/lib/postgresql/data"],
      healthcheck: {
        test: ["CMD-SHELL", "pg_isready -U shop -d shop"],
        interval: "10s",
        timeout: "5s",
        retries: 5,
        start_period: "30s",
      },
      restart: "unless-stopped",
    },
    cache: {
      image: "redis:7-alpine",
      command: "redis-server --appendonly yes --maxmemory 256mb",
      volumes: [{ type: "volume", source: "redisdata", target: "/data" }],
      healthcheck: { test: "redis-cli ping | grep PONG", interval: "10s" },
      mem_limit: "512m",
      restart: "unless-stopped",
    },
    app: {
      build: { context: "./app", args: { NODE_ENV: "production" } },
      image: "shop/app:1.4.2",
      environment: [
        "DATABASE_URL=postgres://shop@db:5432/shop",
        "REDIS_URL=redis://cache:6379",
        "PORT=3000",
        "LOG_LEVEL=${LOG_LEVEL:-info}",
      ],
      env_file: ["./app.env"],
      secrets: [{ source: "db_password", target: "db_password", mode: 0o440 }],
      ports: ["127.0.0.1:3000:3000"],
      depends_on: {
        db: { condition: "service_healthy" },
        cache: { condition: "service_healthy", restart: true },
      },
      healthcheck: {
        test: ["CMD", "wget", "-qO-", "http://localhost:3000/health"],
        interval: "30s",
        start_period: "1m",
      },
      stop_grace_period: "90s",
      restart: "on-failure:5",
      labels: { "com.example.team": "shop", "com.example.tier": "backend" },
    },
  },
  volumes: {
    pgdata: {},
    redisdata: { labels: ["com.example.backup=daily"] },
  },
  secrets: {
    db_password: { file: "./secrets/db_password.txt" },
  },
});
