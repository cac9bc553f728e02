// @ybm/shared/node: what only runs in Node (the BFF, the sandboxes, the tests) — SQLite with
// migrations, group commit, the WAL checkpointer, table rebuilds, and native SM3/SM4. It
// pulls in better-sqlite3 and node: built-ins, so the mini-program never imports it (lint).
export * from './checkpointer';
export * from './gm';
export * from './group-commit';
export * from './rebuild-table';
export * from './sqlite';
