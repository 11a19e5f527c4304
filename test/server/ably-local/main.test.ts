import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { json, moderationEndpoint } from '../../support/moderation-endpoint.js';
import { WebhookReceiver } from '../../support/webhook-receiver.js';

const MAIN = fileURLToPath(new URL('../../../server/ably-local/main.ts', import.meta.url));
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

/** Runs `npm run ably-local` with `args`; resolves with its banner once it printed the client options. */
function start(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; output: string; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--port', '0', ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanups.push(() => child.exitCode === null && child.kill('SIGKILL'));
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (url && output.includes('client options')) resolve({ child, output, url });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`main exited with ${code}: ${output}`)));
  });
}

const basic = (key: string) => ({ authorization: `Basic ${Buffer.from(key).toString('base64')}` });

/** Issue #7 finding 5: the CLI never serves the published development key (DESIGN §6.1). */
describe('ably-local CLI (server/ably-local/main.ts)', () => {
  it('prints a random in-memory key it accepts, and refuses the published dev key, when no key is set', async () => {
    const { output, url } = await start([]);
    const key = /key: '([^']+)'/.exec(output)![1]!;
    expect(output).toMatch(/key:\s+local\.\w+ \(random for this run\)/);
    expect((await fetch(`${url}/channels/x/messages`, { headers: basic(key) })).status).toBe(200);
    const dev = await fetch(`${url}/channels/x/messages`, {
      headers: basic('local.dev:ably-local-dev-secret'),
    });
    expect(dev.status).toBe(401);
  });

  it('names the key and its file but prints no secret when --data keeps it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ably-local-main-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const data = join(dir, 'a.sqlite');
    const { output } = await start(['--data', data]);
    const key = readFileSync(`${data}.key`, 'utf8').trim();
    expect(output).toContain(`key:            ${key.split(':')[0]} (generated into ${data}.key)`);
    expect(output).not.toContain(key.split(':')[1]!);
  });

  it('keeps a random Control API token beside its key (0600), never prints it, and prefers ABLY_LOCAL_CONTROL_TOKEN', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ably-local-main-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const data = join(dir, 'a.sqlite');
    const { output, url } = await start(['--data', data]);
    const file = `${data}.control-token`;
    const token = readFileSync(file, 'utf8').trim();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(output).toContain(`control API:    ${url}/v1, token (generated into ${file})`);
    expect(output).not.toContain(token);
    const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
    expect((await fetch(`${url}/v1/me`, { headers: bearer(token) })).status).toBe(200);
    expect((await fetch(`${url}/v1/me`, { headers: bearer('x'.repeat(32)) })).status).toBe(401);
    const given = 'given-control-token-0123456789';
    const other = await start([], { ABLY_LOCAL_CONTROL_TOKEN: given });
    expect(other.output).toContain('token (from ABLY_LOCAL_CONTROL_TOKEN)');
    expect((await fetch(`${other.url}/v1/me`, { headers: bearer(given) })).status).toBe(200);
  });

  it('moderates Chat sends with a rule given by --moderation-rule and prints the rule without its headers', async () => {
    const endpoint = await moderationEndpoint(
      json({ action: 'reject', rejectionReason: { reason: 'not here' } }),
    );
    const rule = {
      id: 'cli',
      channelFilter: '^task:',
      url: endpoint.url,
      headers: { authorization: 'Bearer hush' },
    };
    const { output, url } = await start(['--moderation-rule', JSON.stringify(rule)]);
    expect(output).toContain(`moderation:     cli /^task:/ → ${endpoint.url}`);
    expect(output).not.toContain('hush');
    const key = /key: '([^']+)'/.exec(output)![1]!;
    const sent = await fetch(`${url}/chat/v4/rooms/${encodeURIComponent('task:a')}/messages`, {
      method: 'POST',
      headers: {
        ...basic(key),
        'x-ably-clientid': Buffer.from('ann').toString('base64'),
        'content-type': 'application/json',
      },
      body: JSON.stringify({ text: 'hello' }),
    });
    expect(sent.status).toBe(422);
    expect(((await sent.json()) as { error: unknown }).error).toMatchObject({
      code: 42213,
      detail: { reason: 'not here' },
    });
    expect(endpoint.calls[0]!.headers.authorization).toBe('Bearer hush');
  });

  it('exits with 2 and the reason when a moderation rule is invalid', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', MAIN, '--port', '0', '--moderation-rule', '{"url":"ftp://x"}'],
      { env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    cleanups.push(() => child.exitCode === null && child.kill('SIGKILL'));
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('unable to configure moderation; rule 1: url must be http or https');
  });

  it('gives a --key the capability of the --key-capability at its position', async () => {
    const key = 'app.limited:limited-secret';
    const { output, url } = await start(['--key', key, '--key-capability', '{"feed":["subscribe"]}']);
    expect(output).toContain('capability:     app.limited {"feed":["subscribe"]}');
    expect(output).not.toContain('limited-secret');
    // subscribe lets it list presence; it has no history.
    expect((await fetch(`${url}/channels/feed/presence`, { headers: basic(key) })).status).toBe(200);
    const history = await fetch(`${url}/channels/feed/messages`, { headers: basic(key) });
    expect(history.status).toBe(401);
    expect(history.headers.get('x-ably-errorcode')).toBe('40160');
  });

  it('reads keys and their capabilities from --keys-file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ably-local-main-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'keys.json');
    const reader = 'app.reader:reader-secret';
    writeFileSync(
      file,
      JSON.stringify(['app.admin:admin-secret', { key: reader, capability: { '*': ['history'] } }]),
    );
    const { output, url } = await start(['--keys-file', file]);
    expect(output).toContain(`key:            app.admin (from --keys-file ${file})`);
    expect((await fetch(`${url}/channels/x/messages`, { headers: basic(reader) })).status).toBe(200);
    const publish = await fetch(`${url}/channels/x/messages`, {
      method: 'POST',
      headers: { ...basic(reader), 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'n', data: 'd' }),
    });
    expect(publish.status).toBe(401);
  });

  it('exits with 2 and the usage for a capability it cannot parse', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        MAIN,
        '--port',
        '0',
        '--key',
        'app.k:secret',
        '--key-capability',
        '{"ch":["listen"]}',
      ],
      { env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    cleanups.push(() => child.exitCode === null && child.kill('SIGKILL'));
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('unable to read key app.k; invalid capability; unknown operation "listen"');
    expect(stderr).toContain('usage: ably-local');
  });
});

describe('ably-local CLI push and webhooks (DESIGN §13, §14)', () => {
  it('posts to a --webhook rule given as JSON and names it in the banner', async () => {
    const receiver = await WebhookReceiver.start();
    const rule = JSON.stringify({ url: receiver.url, requestMode: 'single', channelFilter: '^cli-' });
    const { output, url } = await start(['--key', 'app.cli:clisecret', '--webhook', rule]);
    expect(output).toContain(`webhook:        ${receiver.url}`);
    const publish = await fetch(`${url}/channels/cli-test/messages`, {
      method: 'POST',
      headers: { ...basic('app.cli:clisecret'), 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'n', data: 'from the cli' }),
    });
    expect(publish.status).toBe(201);
    await receiver.until(() => receiver.requests.length === 1);
    expect(receiver.requests[0]!.json).toMatchObject({
      channel: 'cli-test',
      messages: [{ data: 'from the cli' }],
    });
  });

  it('stops with the reason when a webhook rule is not valid', async () => {
    const failure = await start(['--webhook', '{"url": "ftp://nope"}']).then(
      () => 'started',
      (err: Error) => err.message,
    );
    expect(failure).toMatch(/unable to configure webhook rule 1; url must be an http\(s\) URL/);
  });
});
