import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import {
  MIGRATIONS as POSTGRES_MIGRATIONS,
  PostgresStore,
} from '../../../../server/backend/store/postgres-store.js';
import { FOLD_FUNCTION } from '../../../../server/backend/store/sqlite-inbox.js';
import {
  MIGRATIONS as SQLITE_MIGRATIONS,
  SqliteStore,
} from '../../../../server/backend/store/sqlite-store.js';
import type { Store } from '../../../../server/backend/store/store.js';
import { startPostgres, type TestPostgres } from '../../../support/postgres.js';

/**
 * Both Store implementations for a contract suite, on a PostgreSQL cluster of the suite's own (a database with
 * ICU en-US collation, as production clusters often have: serials must still compare as bytes). Call `start` in
 * `beforeAll` and `stop` in `afterAll`.
 */
export class StoreImplementations {
  private _postgres?: TestPostgres;
  private _databaseUrl = '';
  private readonly _opened: Store[] = [];
  private readonly _dirs: string[] = [];

  readonly list: { name: 'SqliteStore' | 'PostgresStore' }[] = [
    { name: 'SqliteStore' },
    { name: 'PostgresStore' },
  ];

  async start(): Promise<void> {
    this._postgres = await startPostgres();
    this._databaseUrl = await freshDatabase(this._postgres.databaseUrl, 'icu');
  }

  async stop(): Promise<void> {
    await Promise.all(this._opened.splice(0).map((store) => store.close()));
    for (const dir of this._dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    await this._postgres?.stop();
  }

  /** A store of the named kind (SQLite in memory). */
  async open(name: string): Promise<Store> {
    const store =
      name === 'SqliteStore' ? new SqliteStore(':memory:') : await PostgresStore.connect(this._databaseUrl);
    this._opened.push(store);
    return store;
  }

  /**
   * Two stores on one database, as two backend instances have: two pools on the PostgreSQL database, or two
   * connections to one SQLite file.
   */
  async openTwo(name: string): Promise<[Store, Store]> {
    if (name === 'PostgresStore') return [await this.open(name), await this.open(name)];
    const dir = mkdtempSync(join(tmpdir(), 'stores-'));
    this._dirs.push(dir);
    const path = join(dir, 'db.sqlite');
    const stores: [Store, Store] = [new SqliteStore(path), new SqliteStore(path)];
    this._opened.push(...stores);
    return stores;
  }
  /**
   * A store opened over a database left at schema `version` (its first `version` migrations) holding `seed`
   * (SQL statements): what a deploy of a newer backend finds.
   */
  async openMigratedFrom(name: string, version: number, seed: readonly string[]): Promise<Store> {
    if (name === 'SqliteStore') {
      const dir = mkdtempSync(join(tmpdir(), 'stores-'));
      this._dirs.push(dir);
      const path = join(dir, 'old.sqlite');
      const old = new Database(path);
      old.function(FOLD_FUNCTION, () => '');
      for (const sql of SQLITE_MIGRATIONS.slice(0, version)) old.exec(sql);
      for (const sql of seed) old.exec(sql);
      old.pragma(`user_version = ${version}`);
      old.close();
      const store = new SqliteStore(path);
      this._opened.push(store);
      return store;
    }
    const url = await freshDatabase(this._postgres!.databaseUrl, 'old');
    const old = new pg.Client({ connectionString: url });
    await old.connect();
    for (const sql of POSTGRES_MIGRATIONS.slice(0, version)) await old.query(sql);
    for (const sql of seed) await old.query(sql);
    await old.query('CREATE TABLE embedded_chat_schema (version INTEGER NOT NULL)');
    await old.query(`INSERT INTO embedded_chat_schema VALUES (${version})`);
    await old.end();
    const store = await PostgresStore.connect(url);
    this._opened.push(store);
    return store;
  }
}

/** A new empty database in the cluster, created from `template0` with ICU en-US collation; its URL. */
export async function freshDatabase(clusterUrl: string, prefix: string): Promise<string> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: clusterUrl });
  await admin.connect();
  try {
    await admin.query(
      `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C' LOCALE_PROVIDER icu ICU_LOCALE 'en-US'`,
    );
  } finally {
    await admin.end();
  }
  const url = new URL(clusterUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A task id no other test uses. */
export const uniqueId = (prefix: string) => `${prefix}:${randomBytes(4).toString('hex')}`;
