/**
 * Bounds shared by the IPC contract (ipc.ts) and the modules it is built from (command-list.ts),
 * kept apart so those modules need not import ipc.ts.
 */

/** The longest command the AT terminals take (the UI's, `fieldlink at`, `fieldlink term`). */
export const TERMINAL_COMMAND_MAX = 2048;

/** A stored profile's (or command list's) name: becomes `<name>.json` in its folder, so never a path. */
export const PROFILE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}$/;

/** The most run records one answer of the results store carries (History screen, RecordQuery.limit). */
export const RECORD_LIST_MAX = 10_000;
