import * as Ably from 'ably';
import { describe, expect, it } from 'vitest';
import { appProblems } from '../../../../server/backend/ably-admin/app-check.js';
import { sdkOptions, startLocalAbly } from '../../../support/local-ably.js';

/** The backend's start-up check (docs/production.md): what its own key shows, through the real SDK. */
describe('appProblems', () => {
  it('finds nothing wrong with a key that allows everything the project needs', async () => {
    const server = await startLocalAbly();
    expect(await appProblems(new Ably.Rest(sdkOptions(server, false)), { pushAlerts: true })).toEqual([]);
  });

  it('names each missing grant: room operations, push-admin and revocable tokens', async () => {
    const server = await startLocalAbly({
      keys: [
        {
          key: 'app.narrow:secret',
          capability: {
            'task:*': ['publish', 'subscribe'],
            'notifications:*': ['publish', 'push-subscribe'],
          },
          revocableTokens: false,
        },
      ],
    });
    const problems = await appProblems(new Ably.Rest(sdkOptions(server, true)), {
      pushAlerts: true,
      inbox: false,
    });
    expect(problems).toEqual([
      expect.stringMatching(
        /^the key lacks annotation-publish, .*presence on task:\*: tokens would be refused/,
      ),
      'the key does not have revocable tokens: removed participants would keep chatting',
      'the key lacks push-admin: push alerts cannot be sent',
    ]);
    expect(problems[0]).not.toContain('publish, subscribe');
  });

  it('does not ask for push-admin when push alerts are off', async () => {
    const server = await startLocalAbly({
      keys: [
        {
          key: 'app.rooms:secret',
          capability: {
            'task:*': ['*'],
            'notifications:*': ['push-subscribe'],
            'inbox:*': ['publish', 'subscribe'],
          },
        },
      ],
    });
    expect(await appProblems(new Ably.Rest(sdkOptions(server, false)), { pushAlerts: false })).toEqual([]);
  });

  it('asks for publish and subscribe on inbox:* while the inbox is on', async () => {
    const server = await startLocalAbly({
      keys: [
        { key: 'app.rooms:secret', capability: { 'task:*': ['*'], 'notifications:*': ['push-subscribe'] } },
      ],
    });
    const rest = new Ably.Rest(sdkOptions(server, false));
    expect(await appProblems(rest, { pushAlerts: false })).toEqual([
      'the key lacks publish, subscribe on inbox:*: tokens would be refused those',
    ]);
    expect(await appProblems(rest, { pushAlerts: false, inbox: false })).toEqual([]);
  });

  it('throws, rather than reporting a problem, when Ably cannot be asked', async () => {
    const server = await startLocalAbly();
    const options = sdkOptions(server, false, { key: 'app.unknown:secret' });
    await expect(appProblems(new Ably.Rest(options), { pushAlerts: true })).rejects.toThrow(/40101/);
  });
});
