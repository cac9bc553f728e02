// The sandboxes use the same SQLite + migrations helper as the BFF.
export { inTransaction, migrate, openDatabase, type Db, type Migration } from '@ybm/shared/node';
