import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LocalAbly } from '../../../server/ably-local/create-server.js';
import { ablyApp, KEY_NAME, OWNER_HEADER, type AblyAppInputs } from '../../../server/ably-setup/ably-app.js';
import {
  ControlApi,
  fetchTransport,
  type ControlRequest,
  type ControlResponse,
} from '../../../server/ably-setup/control-api.js';
import { runAblySetup, type SetupMode } from '../../../server/ably-setup/run-setup.js';
import { controlClient } from '../../support/control-api.js';
import { startLocalAbly } from '../../support/local-ably.js';
import { documentedOperation, errorResponse } from './control-api-shapes.js';

const APP = 'local';
const MODERATION_SECRET = 'moderation-secret-0123456789abcdef-XYZ';
const INPUTS: AblyAppInputs = {
  publicUrl: 'https://chat.example.com',
  moderationSecret: MODERATION_SECRET,
  pushAlerts: true,
};

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Every request and answer of a run, as they went over the wire. */
interface Exchange {
  request: ControlRequest;
  response: ControlResponse;
}

/** Runs ably-setup against ably-local's Control API, recording every exchange. */
async function setup(
  server: LocalAbly,
  options: { mode?: SetupMode; inputs?: AblyAppInputs; apiKeyName?: string; keyFile?: string } = {},
) {
  const exchanges: Exchange[] = [];
  const send = fetchTransport(server.control.url, server.control.token);
  const lines: string[] = [];
  const outcome = await runAblySetup({
    api: new ControlApi(async (request) => {
      const response = await send(request);
      exchanges.push({ request, response });
      return response;
    }, APP),
    app: ablyApp(options.inputs ?? INPUTS),
    mode: options.mode ?? 'apply',
    print: (line) => lines.push(line),
    ...(options.apiKeyName === undefined ? {} : { apiKeyName: options.apiKeyName }),
    ...(options.keyFile === undefined ? {} : { keyFile: options.keyFile }),
  });
  const writes = exchanges.filter((e) => e.request.method !== 'GET');
  return { outcome, lines, exchanges, writes, output: lines.join('\n') };
}

async function state(server: LocalAbly) {
  const call = controlClient(server);
  const [namespaces, rules, keys] = await Promise.all(
    ['namespaces', 'rules', 'keys'].map(async (what) => (await call('GET', `/apps/${APP}/${what}`)).body),
  );
  return { namespaces, rules, keys };
}

/** The rule ably-setup marked with `name`. */
function ruleNamed(
  rules: { id: string; target: { headers?: { name: string; value: string }[] } }[],
  name: string,
) {
  const rule = rules.find((r) => r.target.headers?.some((h) => h.name === OWNER_HEADER && h.value === name));
  if (!rule) throw new Error(`no rule ${name}`);
  return rule;
}

/** A server whose start key is not ably-setup's, as an Ably app's root key is not. */
const server = () => startLocalAbly({ keys: ['local.root:root-secret-0123456789'] });

/** Contract tests of `npm run ably-setup` against ably-local's Control API (docs/production.md). */
describe('ably-setup', () => {
  it('creates everything from an empty app: the key, both namespaces and the rules, marked as its own', async () => {
    const ably = await server();
    const run = await setup(ably);
    expect(run.outcome).toEqual({ problems: 0, changes: 6 });
    const { namespaces, rules, keys } = await state(ably);
    expect(namespaces).toEqual([
      expect.objectContaining({ id: 'notifications', pushEnabled: true, mutableMessages: false }),
      expect.objectContaining({ id: 'agent', mutableMessages: true, pushEnabled: false }),
    ]);
    const key = keys.find((k: { name: string }) => k.name === KEY_NAME);
    expect(key).toMatchObject({ revocableTokens: true, capability: ablyApp(INPUTS).key.capability });
    expect(rules).toEqual([
      expect.objectContaining({
        ruleType: 'http',
        status: 'enabled',
        requestMode: 'batch',
        source: { channelFilter: '^task:', type: 'channel.message' },
        target: expect.objectContaining({
          url: 'https://chat.example.com/api/webhooks/ably',
          signingKeyId: key.id,
          enveloped: true,
          headers: [{ name: OWNER_HEADER, value: 'room-messages' }],
        }),
      }),
      expect.objectContaining({
        ruleType: 'http',
        status: 'enabled',
        requestMode: 'batch',
        source: { channelFilter: '^task:', type: 'channel.presence' },
        target: expect.objectContaining({
          url: 'https://chat.example.com/api/webhooks/ably',
          signingKeyId: key.id,
          enveloped: true,
          headers: [{ name: OWNER_HEADER, value: 'room-presence' }],
        }),
      }),
      expect.objectContaining({
        ruleType: 'http/before-publish',
        chatRoomFilter: '/^task:/',
        beforePublishConfig: {
          retryTimeout: 3000,
          maxRetries: 2,
          failedAction: 'REJECT',
          tooManyRequestsAction: 'FAIL',
        },
        target: {
          url: 'https://chat.example.com/api/moderation',
          headers: [
            { name: 'Authorization', value: `Bearer ${MODERATION_SECRET}` },
            { name: OWNER_HEADER, value: 'room-moderation' },
          ],
        },
      }),
    ]);
    expect(run.lines.filter((l) => l.startsWith('  created'))).toHaveLength(6);
    expect(run.output).toMatch(/created key local\.\w+ for the backend: set ABLY_API_KEY/);
  });

  it('changes nothing on a second run: every item ok, only reads sent', async () => {
    const ably = await server();
    await setup(ably);
    const before = await state(ably);
    const again = await setup(ably);
    expect(again.outcome).toEqual({ problems: 0, changes: 0 });
    expect(again.writes).toEqual([]);
    expect(again.lines.filter((l) => l.startsWith('  ')).every((l) => l.startsWith('  ok'))).toBe(true);
    expect(again.output).toContain('nothing to change; the app matches the description');
    expect(await state(ably)).toEqual(before);
  });

  it('reports drift with --check (exit 1, nothing sent) and repairs it on the next run', async () => {
    const ably = await server();
    await setup(ably);
    const call = controlClient(ably);
    const { rules, keys } = await state(ably);
    const key = keys.find((k: { name: string }) => k.name === KEY_NAME);
    await call('PATCH', `/apps/${APP}/namespaces/notifications`, { pushEnabled: false });
    await call('PATCH', `/apps/${APP}/rules/${ruleNamed(rules, 'room-messages').id}`, {
      ruleType: 'http',
      target: { url: 'https://old.example.com/api/webhooks/ably' },
    });
    await call('PATCH', `/apps/${APP}/rules/${ruleNamed(rules, 'room-moderation').id}`, {
      ruleType: 'http/before-publish',
      target: {
        headers: [
          { name: 'Authorization', value: 'Bearer stale' },
          { name: OWNER_HEADER, value: 'room-moderation' },
        ],
      },
    });
    await call('PATCH', `/apps/${APP}/keys/${key.id}`, {
      revocableTokens: false,
      capability: { 'task:*': ['subscribe'] },
    });
    const check = await setup(ably, { mode: 'check' });
    expect(check.outcome.problems).toBe(4);
    expect(check.writes).toEqual([]);
    expect(check.output).toContain(
      'differs  namespace notifications — pushEnabled is false, wants true → npm run ably-setup fixes it',
    );
    expect(check.output).toMatch(
      /differs {2}rule room-messages .* target\.url is "https:\/\/old\.example\.com\/api\/webhooks\/ably", wants "https:\/\/chat\.example\.com\/api\/webhooks\/ably"/,
    );
    expect(check.output).toMatch(
      /differs {2}rule room-moderation .* target\.headers differ \(values not shown\)/,
    );
    expect(check.output).toMatch(
      /differs {2}key local\.\w+ “embedded-chat backend” — lacks annotation-publish, .*, publish on task:\*; publish, push-subscribe on notifications:\*; .*; revocable tokens → npm/,
    );
    expect(check.output).not.toContain('stale');
    const fixed = await setup(ably);
    expect(fixed.outcome).toEqual({ problems: 0, changes: 4 });
    expect(fixed.writes.map((w) => w.request.method)).toEqual(['PATCH', 'PATCH', 'PATCH', 'PATCH']);
    expect((await setup(ably, { mode: 'check' })).outcome).toEqual({ problems: 0, changes: 0 });
  });

  it('--check on a broken app names each missing item and sends nothing', async () => {
    const ably = await server();
    await setup(ably);
    const call = controlClient(ably);
    const { rules } = await state(ably);
    await call('DELETE', `/apps/${APP}/namespaces/agent`);
    await call('DELETE', `/apps/${APP}/rules/${ruleNamed(rules, 'room-messages').id}`);
    const check = await setup(ably, { mode: 'check' });
    expect(check.outcome).toEqual({ problems: 2, changes: 2 });
    expect(check.writes).toEqual([]);
    expect(check.lines).toEqual([
      'ably-setup: app local — checking',
      expect.stringMatching(
        /^ {2}ok {7}key local\.\w+ “embedded-chat backend” — capability and revocable tokens$/,
      ),
      '  ok       namespace notifications — pushEnabled on',
      '  missing  namespace agent — mutableMessages on: agents stream replies as message appends → npm run ably-setup fixes it',
      '  missing  rule room-messages (http channel.message ^task: → https://chat.example.com/api/webhooks/ably) — each room message reaches the backend, which alerts who is away and keeps every participant’s inbox → npm run ably-setup fixes it',
      expect.stringMatching(
        /^ {2}ok {7}rule room-presence \(http channel\.presence \^task: → https:\/\/chat\.example\.com\/api\/webhooks\/ably\) — id \w+$/,
      ),
      expect.stringMatching(
        /^ {2}ok {7}rule room-moderation \(http\/before-publish \/\^task:\/ → https:\/\/chat\.example\.com\/api\/moderation\) — id \w+$/,
      ),
      'ably-setup: 2 items off (2 requests would fix what ably-setup may fix)',
    ]);
  });

  it('never touches rules, namespaces or keys it did not make; notes a hand-made rule posting to the backend', async () => {
    const ably = await server();
    const call = controlClient(ably);
    const foreignRule = await call('POST', `/apps/${APP}/rules`, {
      ruleType: 'http',
      requestMode: 'single',
      source: { channelFilter: '^orders:', type: 'channel.message' },
      target: { url: 'https://crm.example.com/hook', format: 'json' },
    });
    const handMade = await call('POST', `/apps/${APP}/rules`, {
      ruleType: 'http',
      requestMode: 'batch',
      source: { channelFilter: '^task:', type: 'channel.message' },
      target: { url: 'https://chat.example.com/api/webhooks/ably', format: 'json' },
    });
    const foreignNamespace = await call('POST', `/apps/${APP}/namespaces`, { id: 'crm', persisted: true });
    const run = await setup(ably);
    expect(run.outcome.problems).toBe(0);
    const { rules, namespaces } = await state(ably);
    expect(rules).toContainEqual(foreignRule.body);
    expect(rules).toContainEqual(handMade.body);
    expect(namespaces).toContainEqual(foreignNamespace.body);
    expect(run.output).toContain(
      `note     rule ${handMade.body.id} (http channel.message ^task: → https://chat.example.com/api/webhooks/ably) — not made by ably-setup`,
    );
    expect(run.writes.map((w) => w.request.path)).not.toContain(`/apps/${APP}/rules/${foreignRule.body.id}`);
    expect(run.writes.map((w) => w.request.path)).not.toContain(`/apps/${APP}/rules/${handMade.body.id}`);
  });

  it('deletes a rule of its own the description no longer has (moderation turned off)', async () => {
    const ably = await server();
    await setup(ably);
    const { rules } = await state(ably);
    const run = await setup(ably, { inputs: { publicUrl: INPUTS.publicUrl, pushAlerts: true } });
    expect(run.writes.map((w) => `${w.request.method} ${w.request.path}`)).toEqual([
      `DELETE /apps/${APP}/rules/${ruleNamed(rules, 'room-moderation').id}`,
    ]);
    expect((await state(ably)).rules.map((r: { id: string }) => r.id)).toEqual([
      ruleNamed(rules, 'room-messages').id,
      ruleNamed(rules, 'room-presence').id,
    ]);
  });

  it('leaves the presence rule out when the backend asks REST presence (PUSH_PRESENCE=rest), deleting its own', async () => {
    const ably = await server();
    await setup(ably);
    const { rules } = await state(ably);
    const run = await setup(ably, { inputs: { ...INPUTS, pushPresence: 'rest' } });
    expect(run.writes.map((w) => `${w.request.method} ${w.request.path}`)).toEqual([
      `DELETE /apps/${APP}/rules/${ruleNamed(rules, 'room-presence').id}`,
    ]);
    expect(
      (await setup(ably, { mode: 'check', inputs: { ...INPUTS, pushPresence: 'rest' } })).outcome,
    ).toEqual({
      problems: 0,
      changes: 0,
    });
  });

  it('keeps the message rule for attachments when push alerts are off, and drops the presence rule', async () => {
    const ably = await server();
    await setup(ably);
    const { rules } = await state(ably);
    const run = await setup(ably, {
      inputs: { ...INPUTS, pushAlerts: false, attachments: true, inbox: false },
    });
    expect(run.writes.map((w) => `${w.request.method} ${w.request.path}`)).toEqual([
      `DELETE /apps/${APP}/rules/${ruleNamed(rules, 'room-presence').id}`,
    ]);
    expect(run.output).toMatch(/ok {7}rule room-messages .* — id \w+$/m);
    const check = await setup(ably, {
      mode: 'check',
      inputs: { ...INPUTS, pushAlerts: false, attachments: false, inbox: false },
    });
    expect(check.outcome).toEqual({ problems: 1, changes: 1 });
    expect(check.output).toContain('rule room-messages');
    expect(ablyApp({ ...INPUTS, pushAlerts: false, attachments: true, inbox: false }).rules[0]!.why).toBe(
      'each room message reaches the backend, which links sent files to their messages',
    );
    // The inbox alone keeps the message rule, and the key allows the backend and users on `inbox:*`.
    const inboxOnly = ablyApp({ ...INPUTS, pushAlerts: false, attachments: false });
    expect(inboxOnly.rules.map((r) => [r.name, r.why]).slice(0, 1)).toEqual([
      ['room-messages', 'each room message reaches the backend, which keeps every participant’s inbox'],
    ]);
    expect(inboxOnly.key.capability['inbox:*']).toEqual(['publish', 'subscribe']);
    expect(ablyApp({ ...INPUTS, inbox: false }).key.capability['inbox:*']).toBeUndefined();
  });

  it('prints the requests with --dry-run, sends none of them, and never prints a secret', async () => {
    const ably = await server();
    const run = await setup(ably, { mode: 'dry-run' });
    expect(run.writes).toEqual([]);
    expect(await state(ably)).toMatchObject({ namespaces: [], rules: [] });
    expect(run.output).toContain(`POST /apps/${APP}/namespaces {"id":"agent","mutableMessages":true}`);
    expect(run.output).toContain(
      '"headers":[{"name":"Authorization","value":"…"},{"name":"X-Embedded-Chat-Rule","value":"room-moderation"}]',
    );
    expect(run.output).toContain('"signingKeyId":"<the id of the key ably-setup creates>"');
    for (const secret of [MODERATION_SECRET, ably.control.token, 'root-secret-0123456789']) {
      expect(run.output).not.toContain(secret);
    }
    await setup(ably);
    const after = await setup(ably, { mode: 'dry-run' });
    const { keys } = await state(ably);
    for (const key of keys) {
      const secret = key.key.split(':')[1];
      // The Control API answers every key's secret; the report never repeats one.
      expect(after.exchanges.some((e) => JSON.stringify(e.response.body).includes(secret))).toBe(true);
      expect(after.output).not.toContain(secret);
    }
  });

  it('checks a key ABLY_API_KEY names without changing it when it is not its own, and writes --key-file', async () => {
    const ably = await startLocalAbly({
      keys: [
        {
          key: 'local.root:root-secret-0123456789',
          capability: { 'task:*': ['subscribe'] },
          revocableTokens: false,
        },
      ],
    });
    const run = await setup(ably, { apiKeyName: 'local.root' });
    expect(run.outcome.problems).toBe(1);
    expect(run.output).toMatch(
      /differs {2}key local\.root “ably-local” — lacks annotation-publish, .* on task:\*; .*push-admin on \*; revocable tokens; ably-setup does not change a key it did not create/,
    );
    expect(run.writes.some((w) => w.request.path.includes('/keys'))).toBe(false);
    // The rules are still made, signed with that key.
    expect((await state(ably)).rules[0].target.signingKeyId).toBe('root');
    const dir = mkdtempSync(join(tmpdir(), 'ably-setup-'));
    dirs.push(dir);
    const fresh = await server();
    const keyFile = join(dir, 'backend.key');
    await setup(fresh, { keyFile });
    const written = readFileSync(keyFile, 'utf8').trim();
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const made = (await state(fresh)).keys.find((k: { name: string }) => k.name === KEY_NAME);
    expect(written).toBe(made.key);
  });

  it('sends only documented requests, with bodies of the documented shapes, and gets documented answers', async () => {
    const ably = await server();
    const call = controlClient(ably);
    const exchanges: Exchange[] = [];
    exchanges.push(...(await setup(ably)).exchanges);
    // Drift of every kind, so PATCH and DELETE requests are made and checked too.
    const { rules, keys } = await state(ably);
    const key = keys.find((k: { name: string }) => k.name === KEY_NAME);
    await call('PATCH', `/apps/${APP}/namespaces/agent`, { mutableMessages: false });
    await call('PATCH', `/apps/${APP}/rules/${ruleNamed(rules, 'room-messages').id}`, {
      ruleType: 'http',
      requestMode: 'single',
    });
    await call('PATCH', `/apps/${APP}/rules/${ruleNamed(rules, 'room-moderation').id}`, {
      ruleType: 'http/before-publish',
      beforePublishConfig: {
        retryTimeout: 1,
        maxRetries: 0,
        failedAction: 'PUBLISH',
        tooManyRequestsAction: 'RETRY',
      },
    });
    await call('PATCH', `/apps/${APP}/keys/${key.id}`, { revocableTokens: false });
    exchanges.push(...(await setup(ably)).exchanges);
    exchanges.push(...(await setup(ably, { inputs: { ...INPUTS, pushAlerts: false } })).exchanges);
    const methods = new Set(exchanges.map((e) => e.request.method));
    expect([...methods].sort()).toEqual(['DELETE', 'GET', 'PATCH', 'POST']);
    for (const { request, response } of exchanges) {
      const where = `${request.method} ${request.path}`;
      const operation = documentedOperation(request.method, request.path);
      expect(operation, `${where} is not a documented Control API operation`).toBeDefined();
      if (operation!.request) {
        const parsed = operation!.request.safeParse(request.body);
        expect(parsed.success, `${where} body: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
      } else {
        expect(request.body, `${where} takes no body`).toBeUndefined();
      }
      expect(response.status, where).toBe(operation!.status);
      if (operation!.response) {
        const parsed = operation!.response.safeParse(response.body);
        expect(parsed.success, `${where} answer: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
      }
    }
    const refused = await controlClient(ably, 'wrong-token-0123456789')('GET', `/apps/${APP}/rules`);
    expect(errorResponse.safeParse(refused.body).success).toBe(true);
  });

  it('fails with the Control API’s reason and what to check when the token is wrong', async () => {
    const ably = await server();
    const api = new ControlApi(fetchTransport(ably.control.url, 'wrong-token-0123456789'), APP);
    await expect(runAblySetup({ api, app: ablyApp(INPUTS), mode: 'check', print: () => {} })).rejects.toThrow(
      /unable to read the .*; the Control API answered 401 \(40100\): .*Check ABLY_CONTROL_TOKEN/,
    );
    const missing = new ControlApi(fetchTransport(ably.control.url, ably.control.token), 'nope');
    await expect(
      runAblySetup({ api: missing, app: ablyApp(INPUTS), mode: 'check', print: () => {} }),
    ).rejects.toThrow(/answered 404 \(40400\).*Check ABLY_APP_ID/);
  });
});
