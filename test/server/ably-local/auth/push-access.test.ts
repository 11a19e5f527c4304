import { describe, expect, it } from 'vitest';
import type { Identity } from '../../../../server/ably-local/auth/identity.js';
import {
  assertMayManageDevice,
  assertMayRegister,
  assertMaySubscribe,
  assertPushAdmin,
  holdsAnywhere,
  type PushCaller,
} from '../../../../server/ably-local/auth/push-access.js';

const KEY = { '[*]*': ['*'] };

function token(clientId: string | undefined, capability: Record<string, string[]>): Identity {
  return { kind: 'token', keyName: 'a.b', appId: 'a', clientId, capabilities: [capability, KEY] };
}

const admin: PushCaller = { identity: { kind: 'basic', keyName: 'a.b', appId: 'a', capabilities: [KEY] } };
const ann: PushCaller = {
  identity: token('ann', { 'notifications:ann': ['push-subscribe'], 'task:1::$chat': ['publish'] }),
};
const annDevice: PushCaller = { ...ann, deviceId: 'dev-ann' };
const reader: PushCaller = { identity: token('rita', { 'task:1::$chat': ['subscribe'] }) };

const codeOf = (fn: () => void): number | undefined => {
  try {
    fn();
    return undefined;
  } catch (err) {
    return (err as { code?: number }).code;
  }
};

describe('push access (DESIGN §13.2)', () => {
  it('grants an operation held on any resource of both token and key', () => {
    expect(holdsAnywhere(ann.identity!, 'push-subscribe')).toBe(true);
    expect(holdsAnywhere(ann.identity!, 'push-admin')).toBe(false);
    const narrowKey: Identity = {
      ...ann.identity!,
      capabilities: [{ 'notifications:ann': ['push-subscribe'] }, { '*': ['publish'] }],
    };
    expect(holdsAnywhere(narrowKey, 'push-subscribe')).toBe(false);
  });

  it.each([
    ['admin registers any clientId', admin, { clientId: 'x' }, undefined],
    ['a push-subscribe token registers its own clientId', ann, { clientId: 'ann' }, undefined],
    ['a push-subscribe token registers a device without clientId', ann, {}, undefined],
    ['a push-subscribe token cannot register another clientId', ann, { clientId: 'bob' }, 40160],
    ['a token without push-subscribe cannot register', reader, { clientId: 'rita' }, 40160],
    ['no credentials', {}, {}, 40100],
  ] as const)('registration: %s', (_title, caller, device, code) => {
    expect(codeOf(() => assertMayRegister(caller, device, 'register device'))).toBe(code);
  });

  it.each([
    ['admin', admin, 'dev-x', undefined],
    ['the device itself', annDevice, 'dev-ann', undefined],
    ['another device', annDevice, 'dev-bob', 40160],
    ['a token without the device credential', ann, 'dev-ann', 40160],
  ] as const)('managing a device: %s', (_title, caller, id, code) => {
    expect(codeOf(() => assertMayManageDevice(caller, id, 'get device'))).toBe(code);
  });

  it.each([
    [
      'the device on its notifications channel',
      annDevice,
      { channel: 'notifications:ann', deviceId: 'dev-ann' },
      undefined,
    ],
    [
      'its clientId on its notifications channel',
      ann,
      { channel: 'notifications:ann', clientId: 'ann' },
      undefined,
    ],
    ['a channel without push-subscribe', annDevice, { channel: 'task:1::$chat', deviceId: 'dev-ann' }, 40160],
    ['another clientId', ann, { channel: 'notifications:ann', clientId: 'bob' }, 40160],
    ['a device without its token', ann, { channel: 'notifications:ann', deviceId: 'dev-ann' }, 40160],
    ['every subscriber of a channel', ann, { channel: 'notifications:ann' }, 40160],
    ['admin, anything', admin, { channel: 'x' }, undefined],
  ] as const)('subscriptions: %s', (_title, caller, subscription, code) => {
    expect(codeOf(() => assertMaySubscribe(caller, subscription, 'subscribe'))).toBe(code);
  });

  it('keeps publishing and listing to push-admin', () => {
    expect(codeOf(() => assertPushAdmin(admin, 'publish push'))).toBeUndefined();
    expect(codeOf(() => assertPushAdmin(annDevice, 'publish push'))).toBe(40160);
    expect(codeOf(() => assertPushAdmin({}, 'publish push'))).toBe(40100);
  });
});
