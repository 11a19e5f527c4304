import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isRole, ROLES } from '../ably-auth/capabilities.js';
import { createParticipantToken } from './participant-token.js';

const USAGE = `usage: npx tsx server/backend/participants/participant-token-cli.ts \\
  --secret <EMBED_SECRET> --user <userId> --task <taskId> --role <${ROLES.join('|')}> [--name <display name>] [--ttl <seconds, default 600>]
Prints a participant token (what a host backend hands to its page) on stdout.`;

/** Result of one CLI run: the exit code and what to print. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Mints a participant token from command-line arguments, for trying the backend by hand. */
export function runParticipantTokenCli(argv: readonly string[]): CliResult {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        secret: { type: 'string' },
        user: { type: 'string' },
        task: { type: 'string' },
        role: { type: 'string' },
        name: { type: 'string' },
        ttl: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    return { code: 2, stdout: '', stderr: `${(err as Error).message}\n${USAGE}\n` };
  }
  if (values.help) return { code: 0, stdout: `${USAGE}\n`, stderr: '' };
  const { secret, user, task, role, name, ttl } = values;
  if (!secret || !user || !task || !role) {
    return { code: 2, stdout: '', stderr: `--secret, --user, --task and --role are required\n${USAGE}\n` };
  }
  if (!isRole(role)) return { code: 2, stdout: '', stderr: `--role must be one of ${ROLES.join(', ')}\n` };
  try {
    const token = createParticipantToken({
      secret,
      userId: user,
      task,
      role,
      ...(name === undefined ? {} : { name }),
      ...(ttl === undefined ? {} : { ttlSeconds: Number(ttl) }),
    });
    return { code: 0, stdout: `${token}\n`, stderr: '' };
  } catch (err) {
    return { code: 2, stdout: '', stderr: `${(err as Error).message}\n` };
  }
}

function isEntryPoint(): boolean {
  const entry = process.argv[1];
  return entry !== undefined && realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
}

if (isEntryPoint()) {
  const result = runParticipantTokenCli(process.argv.slice(2));
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.code;
}
