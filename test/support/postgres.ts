import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/** Debian's PostgreSQL server binaries (package `postgresql-15`, or any `postgresql-<version>`). */
const PG_LIB = '/usr/lib/postgresql';

/** A throwaway PostgreSQL cluster with one empty database. */
export interface TestPostgres {
  /** `postgresql://postgres@127.0.0.1:<port>/embedded_chat_test` */
  databaseUrl: string;
  /** Stops the server and deletes the cluster. */
  stop(): Promise<void>;
}

function binDir(): string {
  const versions = existsSync(PG_LIB)
    ? readdirSync(PG_LIB)
        .filter((v) => /^\d+$/.test(v) && existsSync(join(PG_LIB, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) {
    throw new Error(
      `unable to start PostgreSQL; no ${PG_LIB}/<version>/bin/initdb. Install it: apt-get install -y postgresql-15`,
    );
  }
  return join(PG_LIB, versions[0]!, 'bin');
}

/** initdb and postgres refuse to run as root; as root, run them as the `postgres` user. */
function asPostgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a private PostgreSQL cluster in a temp directory on a free port (initdb, `pg_ctl start -w`, which
 * waits until it accepts connections), creates `embedded_chat_test` and returns its URL. Call `stop()` after.
 */
export async function startPostgres(): Promise<TestPostgres> {
  const bin = binDir();
  const user = asPostgresUser();
  const dir = mkdtempSync(join(tmpdir(), 'embedded-chat-pg-'));
  if (user) chownSync(dir, user.uid, user.gid);
  const exec = (tool: string, args: string[]) =>
    user ? run('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]) : run(join(bin, tool), args);
  const data = join(dir, 'data');
  try {
    await exec('initdb', [
      '-D',
      data,
      '-A',
      'trust',
      '-U',
      'postgres',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
    ]);
    let port = 0;
    for (let attempt = 0; ; attempt++) {
      port = await freePort();
      const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
      try {
        await exec('pg_ctl', [
          '-D',
          data,
          '-l',
          join(dir, 'server.log'),
          '-o',
          options,
          '-w',
          '-t',
          '30',
          'start',
        ]);
        break;
      } catch (err) {
        if (attempt >= 2) throw err; // the free port was taken in between, twice: give up
      }
    }
    const admin = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
    await admin.connect();
    try {
      await admin.query('CREATE DATABASE embedded_chat_test');
    } finally {
      await admin.end();
    }
    return {
      databaseUrl: `postgresql://postgres@127.0.0.1:${port}/embedded_chat_test`,
      stop: async () => {
        await exec('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await exec('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']).catch(() => undefined); // best effort: it may never have started
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`unable to start PostgreSQL; ${(err as Error).message}`);
  }
}
