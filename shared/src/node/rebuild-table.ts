// Changing what SQLite cannot ALTER (a CHECK constraint, say) in a migration: the table is
// built anew under a temporary name, the rows are copied, the old table dropped and the new
// one renamed into its place, and its indexes made again — the procedure of
// https://sqlite.org/lang_altertable.html#otheralter, inside the migration's transaction, so a
// failure leaves the old table as it was. AUTOINCREMENT's counter is carried over: ids handed
// out (a phone's cursor is one) are never handed out again. Node-only, like sqlite.ts.
import type { Db } from './sqlite';

export interface TableRebuild {
  table: string;
  /** The new CREATE TABLE statement, for a table named by `name` (the temporary name). */
  create: (name: string) => string;
  /** CREATE INDEX statements for the rebuilt table (dropping the old table dropped its own). */
  indexes: readonly string[];
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

export function rebuildTable(db: Db, rebuild: TableRebuild): void {
  const { table } = rebuild;
  if (!IDENTIFIER.test(table)) throw new Error(`not a plain table name: ${table}`);
  if (!db.inTransaction) throw new Error('rebuildTable runs inside a migration’s transaction');
  const temporary = `${table}_rebuilt`;
  const columns = (name: string) =>
    (db.prepare(`PRAGMA table_info(${name})`).all() as { name: string }[]).map((column) => column.name);

  db.exec(rebuild.create(temporary));
  // Only the columns both have: a rebuild may add a column (with its default) but not lose data.
  const kept = columns(temporary);
  const lost = columns(table).filter((column) => !kept.includes(column));
  if (lost.length > 0) throw new Error(`rebuilding ${table} would drop ${lost.join(', ')}`);
  const list = columns(table).join(', ');
  db.exec(`INSERT INTO ${temporary} (${list}) SELECT ${list} FROM ${table}`);

  const hasSequence =
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'").get() !==
    undefined;
  const sequence = hasSequence
    ? (db.prepare('SELECT seq FROM sqlite_sequence WHERE name = ?').pluck().get(table) as number | undefined)
    : undefined;

  db.exec(`DROP TABLE ${table}`);
  db.exec(`ALTER TABLE ${temporary} RENAME TO ${table}`);
  if (sequence !== undefined) {
    // The copy moved the new table's counter only up to the largest id still there.
    const moved = db
      .prepare('UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = ?')
      .run(sequence, table);
    if (moved.changes === 0)
      db.prepare('INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)').run(table, sequence);
  }
  for (const index of rebuild.indexes) db.exec(index);

  const broken = db.prepare(`PRAGMA foreign_key_check(${table})`).all();
  if (broken.length > 0) throw new Error(`rebuilding ${table} broke ${broken.length} foreign keys`);
}
