/** Process exit codes that factory scripts can rely on. Documented in README.md. */
export const EXIT = {
  ok: 0,
  /** An AT command answered ERROR / timed out (`fieldlink at`), or an unclassified failure. */
  failed: 1,
  /** Bad command line or bad input file (profile, options). */
  usage: 2,
  /** The device or its port: not found, busy, lost, no SIM, bad answers, FOTA apply failed. */
  device: 3,
  /** The cellular network / data service / PDP / DNS / TLS as seen by the module. */
  network: 4,
  /** The servers: HTTP status, server-info document, broker refusal. */
  server: 5,
  /** The user cancelled (Ctrl-C, "no" at a required prompt). */
  aborted: 6,
  /** A bug in Fieldlink itself. */
  internal: 70,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
