import Database from 'better-sqlite3';

/** What the Control API keeps (DESIGN §15): channel rules, integration rules and keys made at run time. */
export type ControlKind = 'namespace' | 'rule' | 'key';

/** One stored item: its app, its id and its Control API representation. */
export interface ControlItem<T = Record<string, unknown>> {
  kind: ControlKind;
  appId: string;
  id: string;
  body: T;
}

/**
 * Where the Control API's state lives: in memory by default, in the SQLite data file (`--data`) so that
 * rules, namespaces and keys survive a restart as they do on Ably. Both keep items in creation order and pass
 * one contract test (`test/server/ably-local/control/control-store.test.ts`).
 */
export interface ControlStore {
  list(kind: ControlKind): ControlItem[];
  put(item: ControlItem): void;
  remove(kind: ControlKind, appId: string, id: string): boolean;
  close(): void;
}

export class MemoryControlStore implements ControlStore {
  private readonly _items = new Map<string, ControlItem>();

  list(kind: ControlKind): ControlItem[] {
    return [...this._items.values()].filter((item) => item.kind === kind).map(copy);
  }

  put(item: ControlItem): void {
    this._items.set(itemKey(item.kind, item.appId, item.id), copy(item));
  }

  remove(kind: ControlKind, appId: string, id: string): boolean {
    return this._items.delete(itemKey(kind, appId, id));
  }

  close(): void {}
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS control_items (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL, app_id TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL,
  UNIQUE (kind, app_id, id)
);
`;

export class SqliteControlStore implements ControlStore {
  private readonly _db: Database.Database;

  constructor(file: string) {
    this._db = new Database(file);
    this._db.pragma('journal_mode = WAL');
    this._db.pragma('busy_timeout = 5000');
    this._db.exec(SCHEMA);
  }

  list(kind: ControlKind): ControlItem[] {
    const rows = this._db
      .prepare('SELECT app_id, id, body FROM control_items WHERE kind = ? ORDER BY seq')
      .all(kind) as { app_id: string; id: string; body: string }[];
    return rows.map((row) => ({ kind, appId: row.app_id, id: row.id, body: JSON.parse(row.body) }));
  }

  put(item: ControlItem): void {
    // An update keeps the item's place (seq): listings stay in creation order.
    this._db
      .prepare(
        `INSERT INTO control_items (kind, app_id, id, body) VALUES (?, ?, ?, ?)
           ON CONFLICT (kind, app_id, id) DO UPDATE SET body = excluded.body`,
      )
      .run(item.kind, item.appId, item.id, JSON.stringify(item.body));
  }

  remove(kind: ControlKind, appId: string, id: string): boolean {
    return (
      this._db
        .prepare('DELETE FROM control_items WHERE kind = ? AND app_id = ? AND id = ?')
        .run(kind, appId, id).changes > 0
    );
  }

  close(): void {
    if (this._db.open) this._db.close();
  }
}

function itemKey(kind: ControlKind, appId: string, id: string): string {
  return `${kind}\n${appId}\n${id}`;
}

function copy<T extends ControlItem>(item: T): T {
  return { ...item, body: structuredClone(item.body) };
}
