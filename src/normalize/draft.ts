/** The draft the implicit rules and validators work on (the model before its final check). */
export interface ProjectDraft {
  name: string;
  services: Record<string, Record<string, unknown>>;
  networks?: Record<string, Record<string, unknown>>;
  volumes?: Record<string, Record<string, unknown>>;
  secrets?: Record<string, Record<string, unknown>>;
  configs?: Record<string, Record<string, unknown>>;
  models?: Record<string, Record<string, unknown>>;
  [ext: `x-${string}`]: unknown;
}
