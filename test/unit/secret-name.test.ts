import { expect, it } from "vitest";
import { looksLikeSecretName } from "../../src/normalize/rules/secret-name.js";

it("flags names that hold credentials, not names that point at where they are", () => {
  for (const n of ["POSTGRES_PASSWORD", "API_TOKEN", "client_secret", "AWS_SECRET_ACCESS_KEY", "KEY", "db_passwd"]) {
    expect(looksLikeSecretName(n), n).toBe(true);
  }
  for (const n of ["POSTGRES_PASSWORD_FILE", "TLS_KEY_PATH", "SECRETS_DIR", "KEYCLOAK_URL", "MONKEY", "PORT"]) {
    expect(looksLikeSecretName(n), n).toBe(false);
  }
});
