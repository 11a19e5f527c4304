import { PostgresStore } from './postgres-store.js';
import { SqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';

/** Where the store lives: PostgreSQL when `databaseUrl` is given, else a SQLite file (or `:memory:`). */
export interface StoreOptions {
  databaseUrl?: string;
  sqlitePath: string;
}

/** Opens the configured {@link Store} (migrating its schema). */
export async function createStore(options: StoreOptions): Promise<Store> {
  if (options.databaseUrl) return PostgresStore.connect(options.databaseUrl);
  return new SqliteStore(options.sqlitePath);
}
