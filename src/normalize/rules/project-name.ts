/**
 * Project names as compose-go `NormalizeProjectName` makes them: lowercase, only `[a-z0-9_-]`,
 * no leading `_` or `-`. A name given explicitly (`-p`, COMPOSE_PROJECT_NAME) must already be
 * in this form; one from `name:` or the directory is normalized silently.
 */

export function normalizeProjectName(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, "")
    .replace(/^[_-]+/, "");
}

export function isValidProjectName(s: string): boolean {
  return s !== "" && normalizeProjectName(s) === s;
}
