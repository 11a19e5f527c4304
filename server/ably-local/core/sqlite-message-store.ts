import Database from 'better-sqlite3';
import type {
  HistoryQuery,
  MessageStore,
  PageQuery,
  StoredAnnotation,
  StoredMessage,
} from './message-store.js';

interface Row {
  body: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS messages (
  channel TEXT NOT NULL, serial TEXT NOT NULL, timestamp INTEGER NOT NULL, body TEXT NOT NULL,
  PRIMARY KEY (channel, serial)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS versions (
  channel TEXT NOT NULL, version_serial TEXT NOT NULL, serial TEXT NOT NULL, body TEXT NOT NULL,
  PRIMARY KEY (channel, version_serial)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS versions_by_message ON versions (channel, serial, version_serial);
CREATE TABLE IF NOT EXISTS coverage (
  channel TEXT NOT NULL PRIMARY KEY, covered_from TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS annotations (
  channel TEXT NOT NULL, message_serial TEXT NOT NULL, serial TEXT NOT NULL, body TEXT NOT NULL,
  PRIMARY KEY (channel, message_serial, serial)
) WITHOUT ROWID;
`;

/** Messages, versions and annotations in a SQLite file, so history survives a restart (DESIGN §8). */
export class SqliteMessageStore implements MessageStore {
  private readonly _db: Database.Database;
  private readonly _putLatest: Database.Statement<[string, string, number, string]>;
  private readonly _putVersion: Database.Statement<[string, string, string, string]>;
  private readonly _get: Database.Statement<[string, string], Row>;
  private readonly _versions: Database.Statement<[string, string, string, number], Row>;
  private readonly _after: Database.Statement<[string, string, number], Row>;
  private readonly _putAnnotation: Database.Statement<[string, string, string, string]>;
  private readonly _annotations: Database.Statement<[string, string, string, number], Row>;
  private readonly _cover: Database.Statement<[string, string]>;
  private readonly _coverage: Database.Statement<[string], { covered_from: string }>;

  constructor(file: string) {
    this._db = new Database(file);
    this._db.pragma('journal_mode = WAL');
    this._db.pragma('synchronous = NORMAL');
    this._db.exec(SCHEMA);
    this._putLatest = this._db.prepare(
      'INSERT OR REPLACE INTO messages (channel, serial, timestamp, body) VALUES (?, ?, ?, ?)',
    );
    this._putVersion = this._db.prepare(
      'INSERT OR REPLACE INTO versions (channel, version_serial, serial, body) VALUES (?, ?, ?, ?)',
    );
    this._get = this._db.prepare('SELECT body FROM messages WHERE channel = ? AND serial = ?');
    this._versions = this._db.prepare(
      'SELECT body FROM versions WHERE channel = ? AND serial = ? AND version_serial > ? ORDER BY version_serial LIMIT ?',
    );
    this._after = this._db.prepare(
      'SELECT body FROM versions WHERE channel = ? AND version_serial > ? ORDER BY version_serial LIMIT ?',
    );
    this._putAnnotation = this._db.prepare(
      'INSERT OR REPLACE INTO annotations (channel, message_serial, serial, body) VALUES (?, ?, ?, ?)',
    );
    this._cover = this._db.prepare('INSERT OR IGNORE INTO coverage (channel, covered_from) VALUES (?, ?)');
    this._coverage = this._db.prepare('SELECT covered_from FROM coverage WHERE channel = ?');
    this._annotations = this._db.prepare(
      'SELECT body FROM annotations WHERE channel = ? AND message_serial = ? AND serial > ? ORDER BY serial LIMIT ?',
    );
  }

  put(channel: string, versions: StoredMessage[]): void {
    this._db.transaction(() => {
      for (const m of versions) {
        const body = serialise(m);
        this._putVersion.run(channel, m.version.serial, m.serial, body);
        this._putLatest.run(channel, m.serial, m.timestamp, body);
      }
    })();
  }

  get(channel: string, serial: string): StoredMessage | undefined {
    const row = this._get.get(channel, serial);
    return row ? deserialise<StoredMessage>(row.body) : undefined;
  }

  history(channel: string, query: HistoryQuery): StoredMessage[] {
    const where = ['channel = ?'];
    const args: (string | number)[] = [channel];
    const add = (clause: string, value: string | number | undefined) => {
      if (value === undefined) return;
      where.push(clause);
      args.push(value);
    };
    add('timestamp >= ?', query.start);
    add('timestamp <= ?', query.end);
    add('serial <= ?', query.untilSerial);
    add(query.direction === 'backwards' ? 'serial < ?' : 'serial > ?', query.cursor);
    const order = query.direction === 'backwards' ? 'DESC' : 'ASC';
    const sql = `SELECT body FROM messages WHERE ${where.join(' AND ')} ORDER BY serial ${order} LIMIT ?`;
    const rows = this._db.prepare<(string | number)[], Row>(sql).all(...args, query.limit);
    return rows.map((row) => deserialise<StoredMessage>(row.body));
  }

  versions(channel: string, serial: string, query: PageQuery): StoredMessage[] {
    return this._versions
      .all(channel, serial, query.cursor ?? '', query.limit)
      .map((row) => deserialise<StoredMessage>(row.body));
  }

  after(channel: string, position: string, limit: number): StoredMessage[] {
    return this._after.all(channel, position, limit).map((row) => deserialise<StoredMessage>(row.body));
  }

  /** The SQLite store keeps everything. */
  evictedThrough(): string | undefined {
    return undefined;
  }

  /** Kept in the file, so after a restart a resume from any later serial replays (DESIGN §4.4). */
  coveredFrom(channel: string, candidate: string): string {
    // A read first: most channels were seen before, and a write per channel construction is not free.
    const known = this._coverage.get(channel)?.covered_from;
    if (known !== undefined) return known;
    this._cover.run(channel, candidate);
    return candidate;
  }

  addAnnotation(channel: string, annotation: StoredAnnotation): void {
    this._putAnnotation.run(channel, annotation.messageSerial, annotation.serial, serialise(annotation));
  }

  annotations(channel: string, messageSerial: string, query: PageQuery): StoredAnnotation[] {
    return this._annotations
      .all(channel, messageSerial, query.cursor ?? '', query.limit)
      .map((row) => deserialise<StoredAnnotation>(row.body));
  }

  close(): void {
    this._db.close();
  }
}

/** Bytes are tagged so they come back as bytes, not as a base64 string. */
function serialise(item: { data?: unknown }): string {
  if (!Buffer.isBuffer(item.data)) return JSON.stringify(item);
  return JSON.stringify({ ...item, data: item.data.toString('base64'), dataIsBinary: true });
}

function deserialise<T>(body: string): T {
  const parsed = JSON.parse(body) as { data?: unknown; dataIsBinary?: boolean };
  if (!parsed.dataIsBinary) return parsed as T;
  const { dataIsBinary: _binary, ...rest } = parsed;
  return { ...rest, data: Buffer.from(parsed.data as string, 'base64') } as T;
}
