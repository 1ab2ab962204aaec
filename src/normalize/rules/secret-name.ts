/** Names that usually hold credentials. */
const SECRET_NAME = /PASSWORD|PASSWD|TOKEN|SECRET|_KEY$|^KEY$/i;
/** `POSTGRES_PASSWORD_FILE=/run/secrets/x` names where a secret is, which is the safe pattern. */
const SECRET_REFERENCE = /_(FILE|PATH|DIR)$/i;

/**
 * Whether a variable named `name` probably holds a secret, so writing its value into a
 * generated file (world-readable in the Nix store, or committed) deserves a warning.
 */
export function looksLikeSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !SECRET_REFERENCE.test(name);
}
