import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { runParticipantTokenCli } from '../../../../server/backend/participants/participant-token-cli.js';

const SECRET = 'cli-secret-0123456789abcdef0123456789';

describe('participant token CLI', () => {
  it('prints a verifiable token when given every required flag', () => {
    const result = runParticipantTokenCli([
      '--secret',
      SECRET,
      '--user',
      'ann',
      '--task',
      'order:8841',
      '--role',
      'buyer',
      '--name',
      'Ann',
      '--ttl',
      '120',
    ]);
    expect(result.code).toBe(0);
    const claims = jwt.verify(result.stdout.trim(), SECRET) as jwt.JwtPayload;
    expect(claims).toMatchObject({ sub: 'ann', task: 'order:8841', role: 'buyer', name: 'Ann' });
    expect(claims.exp! - claims.iat!).toBe(120);
  });

  it.each([
    [['--user', 'ann', '--task', 't', '--role', 'buyer'], /required/],
    [['--secret', SECRET, '--user', 'ann', '--task', 't', '--role', 'king'], /--role must be one of/],
    [['--secret', SECRET, '--user', 'ann', '--task', 't', '--role', 'buyer', '--ttl', '7200'], /ttlSeconds/],
    [['--bogus'], /Unknown option/],
  ])('exits 2 with a message when the flags are %j', (argv, message) => {
    const result = runParticipantTokenCli(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('runs as a script through tsx', async () => {
    const script = fileURLToPath(
      new URL('../../../../server/backend/participants/participant-token-cli.ts', import.meta.url),
    );
    const { stdout } = await promisify(execFile)(process.execPath, [
      '--import',
      'tsx',
      script,
      '--secret',
      SECRET,
      '--user',
      'ann',
      '--task',
      't-1',
      '--role',
      'observer',
    ]);
    expect((jwt.verify(stdout.trim(), SECRET) as jwt.JwtPayload).role).toBe('observer');
  });
});
