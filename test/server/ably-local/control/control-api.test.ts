import { describe, expect, it } from 'vitest';
import { controlClient } from '../../../support/control-api.js';
import { startLocalAbly } from '../../../support/local-ably.js';

const APP = 'local';

/** ably-local's Control API subset over HTTP (DESIGN §15): auth, shapes, errors. */
describe('Control API', () => {
  it('refuses a missing or wrong access token with 401 and Ably’s error shape', async () => {
    const server = await startLocalAbly();
    for (const call of [controlClient(server, 'wrong-token-0123456789'), controlClient(server, '')]) {
      const answer = await call('GET', `/apps/${APP}/namespaces`);
      expect(answer).toMatchObject({ status: 401, body: { code: 40100, statusCode: 401 } });
      expect(Object.keys(answer.body).sort()).toEqual(['code', 'href', 'message', 'statusCode']);
    }
    expect((await controlClient(server)('GET', '/me')).body).toMatchObject({
      token: { capabilities: expect.arrayContaining(['write:rule']) },
      account: { id: 'ably-local' },
    });
  });

  it('answers 404 for an app that is not one of its keys’ and for routes it does not serve', async () => {
    const call = controlClient(await startLocalAbly());
    expect(await call('GET', '/apps/other/namespaces')).toMatchObject({ status: 404, body: { code: 40400 } });
    expect(await call('GET', `/apps/${APP}/queues`)).toMatchObject({ status: 404, body: { code: 40400 } });
  });

  it('creates, lists, updates and deletes a namespace with Ably’s defaults and timestamps', async () => {
    const call = controlClient(await startLocalAbly());
    const created = await call('POST', `/apps/${APP}/namespaces`, { id: 'notifications', pushEnabled: true });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      appId: APP,
      id: 'notifications',
      authenticated: false,
      persisted: false,
      persistLast: false,
      pushEnabled: true,
      batchingEnabled: false,
      conflationEnabled: false,
      tlsOnly: false,
      exposeTimeserial: false,
      mutableMessages: false,
      populateChannelRegistry: false,
      created: expect.any(Number),
      modified: expect.any(Number),
    });
    expect((await call('GET', `/apps/${APP}/namespaces`)).body).toEqual([created.body]);
    const again = await call('POST', `/apps/${APP}/namespaces`, { id: 'notifications' });
    expect(again).toMatchObject({ status: 422, body: { code: 40000 } });
    const updated = await call('PATCH', `/apps/${APP}/namespaces/notifications`, { persisted: true });
    expect(updated).toMatchObject({ status: 200, body: { pushEnabled: true, persisted: true } });
    expect((await call('DELETE', `/apps/${APP}/namespaces/notifications`)).status).toBe(204);
    expect((await call('GET', `/apps/${APP}/namespaces`)).body).toEqual([]);
    expect((await call('DELETE', `/apps/${APP}/namespaces/notifications`)).status).toBe(404);
  });

  it('refuses bodies outside the documented shape with 400 and the field’s path', async () => {
    const call = controlClient(await startLocalAbly());
    const cases: [string, unknown, RegExp][] = [
      [`/apps/${APP}/namespaces`, { pushEnabled: true }, /body\.id is required/],
      [`/apps/${APP}/namespaces`, { id: 'n', pushEnabled: 'yes' }, /body\.pushEnabled must be true or false/],
      [`/apps/${APP}/namespaces`, { id: 'n', colour: 'red' }, /body\.colour is not a field/],
      [`/apps/${APP}/namespaces`, { id: 'bad*id' }, /body\.id/],
      [`/apps/${APP}/rules`, { ruleType: 'http', requestMode: 'batch' }, /body\.source is required/],
      [`/apps/${APP}/keys`, { name: 'k' }, /body\.capability is required/],
      [`/apps/${APP}/keys`, { name: 'k', capability: { '*': ['fly'] } }, /unknown operation/],
    ];
    for (const [path, body, message] of cases) {
      const answer = await call('POST', path, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.message).toMatch(message);
    }
    expect(await call('POST', `/apps/${APP}/namespaces`, '{not json')).toMatchObject({ status: 400 });
  });

  it('creates an http rule and a before-publish rule and answers them as rule_response', async () => {
    const server = await startLocalAbly();
    const call = controlClient(server);
    const keyId = server.keys[0]!.keyName.split('.')[1];
    const webhook = await call('POST', `/apps/${APP}/rules`, {
      ruleType: 'http',
      requestMode: 'batch',
      source: { channelFilter: '^task:', type: 'channel.message' },
      target: {
        url: 'https://chat.example/api/webhooks/ably',
        format: 'json',
        enveloped: true,
        signingKeyId: keyId,
        headers: [{ name: 'x-embedded-chat-rule', value: 'messages' }],
      },
    });
    expect(webhook.status).toBe(201);
    expect(webhook.body).toEqual({
      id: expect.stringMatching(/^[A-Za-z0-9]{6}$/),
      appId: APP,
      version: '1.2',
      status: 'enabled',
      created: expect.any(Number),
      modified: expect.any(Number),
      _links: null,
      ruleType: 'http',
      requestMode: 'batch',
      source: { channelFilter: '^task:', type: 'channel.message' },
      target: {
        url: 'https://chat.example/api/webhooks/ably',
        format: 'json',
        enveloped: true,
        signingKeyId: keyId,
        headers: [{ name: 'x-embedded-chat-rule', value: 'messages' }],
      },
    });
    const moderation = await call('POST', `/apps/${APP}/rules`, {
      ruleType: 'http/before-publish',
      invocationMode: 'BEFORE_PUBLISH',
      chatRoomFilter: '/^task:/',
      beforePublishConfig: {
        retryTimeout: 5000,
        maxRetries: 2,
        failedAction: 'REJECT',
        tooManyRequestsAction: 'FAIL',
      },
      target: {
        url: 'https://chat.example/api/moderation',
        headers: [{ name: 'Authorization', value: 'Bearer s' }],
      },
    });
    expect(moderation).toMatchObject({
      status: 201,
      body: { ruleType: 'http/before-publish', status: 'enabled' },
    });
    expect((await call('GET', `/apps/${APP}/rules`)).body).toEqual([webhook.body, moderation.body]);
    expect((await call('GET', `/apps/${APP}/rules/${webhook.body.id}`)).body).toEqual(webhook.body);
    const patched = await call('PATCH', `/apps/${APP}/rules/${webhook.body.id}`, {
      ruleType: 'http',
      status: 'disabled',
      target: { url: 'https://chat.example/v2/hooks' },
    });
    expect(patched.body).toMatchObject({
      status: 'disabled',
      target: { url: 'https://chat.example/v2/hooks', signingKeyId: keyId, format: 'json' },
    });
    expect((await call('DELETE', `/apps/${APP}/rules/${webhook.body.id}`)).status).toBe(204);
    expect((await call('GET', `/apps/${APP}/rules/${webhook.body.id}`)).status).toBe(404);
  });

  it('refuses rules it could not run with 422 instead of accepting and ignoring them', async () => {
    const call = controlClient(await startLocalAbly());
    const http = (source: object, target: object = {}) => ({
      ruleType: 'http',
      requestMode: 'single',
      source: { channelFilter: '', type: 'channel.message', ...source },
      target: { url: 'https://x.example/h', format: 'json', ...target },
    });
    const cases: [unknown, RegExp][] = [
      [{ ruleType: 'aws/lambda' }, /not run by ably-local/],
      [http({ type: 'channel.lifecycle' }), /not emulated/],
      [http({}, { format: 'msgpack' }), /json format/],
      [http({}, { signingKeyId: 'nokey' }), /not a key of app/],
      [http({}, { headers: [{ name: 'x-ably-signature', value: 'forged' }] }), /headers may not set/],
    ];
    for (const [body, message] of cases) {
      const answer = await call('POST', `/apps/${APP}/rules`, body);
      expect(answer.status, JSON.stringify(body)).toBe(422);
      expect(answer.body.message).toMatch(message);
    }
    expect((await call('GET', `/apps/${APP}/rules`)).body).toEqual([]);
  });

  it('lists the start keys, creates a key that authenticates at once, and refuses to change start keys', async () => {
    const server = await startLocalAbly();
    const call = controlClient(server);
    const listed = (await call('GET', `/apps/${APP}/keys`)).body;
    expect(listed).toEqual([
      {
        appId: APP,
        id: 'dev',
        name: 'ably-local',
        revocableTokens: true,
        status: 0,
        key: server.clientOptions.key,
        capability: { '[*]*': ['*'] },
        created: expect.any(Number),
        modified: expect.any(Number),
      },
    ]);
    const made = await call('POST', `/apps/${APP}/keys`, {
      name: 'backend',
      capability: { 'task:*': ['*'] },
    });
    expect(made).toMatchObject({ status: 201, body: { name: 'backend', revocableTokens: false, status: 0 } });
    const time = await fetch(`${server.url}/channels/task:x/messages`, {
      headers: { authorization: `Basic ${Buffer.from(made.body.key).toString('base64')}` },
    });
    expect(time.status).toBe(200);
    expect(await call('PATCH', `/apps/${APP}/keys/dev`, { revocableTokens: false })).toMatchObject({
      status: 422,
      body: { message: expect.stringMatching(/given at start/) },
    });
    const patched = await call('PATCH', `/apps/${APP}/keys/${made.body.id}`, { revocableTokens: true });
    expect(patched.body).toMatchObject({ revocableTokens: true, key: made.body.key });
    expect((await call('POST', `/apps/${APP}/keys/${made.body.id}/revoke`)).status).toBe(200);
    const after = await fetch(`${server.url}/channels/task:x/messages`, {
      headers: { authorization: `Basic ${Buffer.from(made.body.key).toString('base64')}` },
    });
    expect(after.status).toBe(401);
  });
});
