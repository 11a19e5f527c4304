import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startLocalAbly } from '../../support/local-ably.js';

const run = promisify(execFile);
const MAIN = fileURLToPath(new URL('../../../server/ably-setup/main.ts', import.meta.url));

/** `npm run ably-setup` as a deploy pipeline runs it: exit codes and output. */
async function ablySetup(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', MAIN, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stdout + e.stderr };
  }
}

describe('npm run ably-setup', () => {
  it('exits 1 from --check on an unset app, 0 after applying, 0 from the next --check', async () => {
    const ably = await startLocalAbly({ keys: ['local.root:root-secret-0123456789'] });
    const env = {
      ABLY_CONTROL_URL: ably.control.url,
      ABLY_CONTROL_TOKEN: ably.control.token,
      ABLY_APP_ID: 'local',
      PUBLIC_URL: 'https://chat.example.com/',
    };
    const before = await ablySetup(['--check'], env);
    expect(before.code).toBe(1);
    expect(before.output).toContain('missing  namespace notifications');
    const applied = await ablySetup([], env);
    expect(applied.code).toBe(0);
    expect(applied.output).toContain('the app matches the description');
    const after = await ablySetup(['--check'], env);
    expect(after).toMatchObject({ code: 0 });
    expect(after.output).not.toContain(ably.control.token);
  });

  it('exits 2 naming what is missing when it is not configured', async () => {
    const result = await ablySetup(['--check'], {});
    expect(result.code).toBe(2);
    expect(result.output).toContain('ABLY_CONTROL_TOKEN is required');
    expect(result.output).toContain('PUBLIC_URL is required');
    const noApp = await ablySetup([], { ABLY_CONTROL_TOKEN: 't', PUBLIC_URL: 'https://chat.example.com' });
    expect(noApp.code).toBe(2);
    expect(noApp.output).toContain('ABLY_APP_ID is required when ABLY_API_KEY is not set');
  });
});
