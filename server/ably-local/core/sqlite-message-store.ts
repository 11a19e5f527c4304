import Database from 'better-sqlite3';
import type { HistoryQuery, MessageStore, StoredMessage } from './message-store.js';

interface Row {
  body: string;
}

/** Messages in a SQLite file, so history survives a restart (DESIGN §8). */
export class SqliteMessageStore implements MessageStore {
  private readonly _db: Database.Database;
  private readonly _insert: Database.Statement<[string, string, number, string]>;
  private readonly _after: Database.Statement<[string, string, number], Row>;

  constructor(file: string) {
    this._db = new Database(file);
    this._db.pragma('journal_mode = WAL');
    this._db.pragma('synchronous = NORMAL');
    this._db.exec(`CREATE TABLE IF NOT EXISTS messages (
      channel TEXT NOT NULL,
      serial TEXT NOT NULL,
      timestamp INTEGER NOT NULL,
      body TEXT NOT NULL,
      PRIMARY KEY (channel, serial)
    ) WITHOUT ROWID`);
    this._insert = this._db.prepare(
      'INSERT OR REPLACE INTO messages (channel, serial, timestamp, body) VALUES (?, ?, ?, ?)',
    );
    this._after = this._db.prepare(
      'SELECT body FROM messages WHERE channel = ? AND serial > ? ORDER BY serial ASC LIMIT ?',
    );
  }

  append(channel: string, messages: StoredMessage[]): void {
    this._db.transaction(() => {
      for (const m of messages) this._insert.run(channel, m.serial, m.timestamp, serialise(m));
    })();
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
    if (query.cursor !== undefined) {
      where.push(query.direction === 'backwards' ? 'serial < ?' : 'serial > ?');
      args.push(query.cursor);
    }
    const order = query.direction === 'backwards' ? 'DESC' : 'ASC';
    const sql = `SELECT body FROM messages WHERE ${where.join(' AND ')} ORDER BY serial ${order} LIMIT ?`;
    const rows = this._db.prepare<(string | number)[], Row>(sql).all(...args, query.limit);
    return rows.map((row) => deserialise(row.body));
  }

  after(channel: string, serial: string, limit: number): StoredMessage[] {
    return this._after.all(channel, serial, limit).map((row) => deserialise(row.body));
  }

  close(): void {
    this._db.close();
  }
}

/** Bytes are tagged so they come back as bytes, not as a base64 string. */
function serialise(m: StoredMessage): string {
  if (!Buffer.isBuffer(m.data)) return JSON.stringify(m);
  return JSON.stringify({ ...m, data: m.data.toString('base64'), dataIsBinary: true });
}

function deserialise(body: string): StoredMessage {
  const parsed = JSON.parse(body) as StoredMessage & { dataIsBinary?: boolean };
  if (parsed.dataIsBinary) {
    const { dataIsBinary: _binary, ...rest } = parsed;
    return { ...rest, data: Buffer.from(parsed.data as string, 'base64') };
  }
  return parsed;
}
