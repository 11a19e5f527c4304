import { describe, expect, it } from 'vitest';
import {
  capabilityFor,
  isRole,
  operationsFor,
  ROLES,
  type Operation,
  type Role,
} from '../../../../server/backend/ably-auth/capabilities.js';

const PARTICIPANT: Operation[] = [
  'annotation-publish',
  'annotation-subscribe',
  'history',
  'message-delete-own',
  'message-update-own',
  'presence',
  'publish',
  'push-subscribe',
  'subscribe',
];
const STAFF: Operation[] = [...PARTICIPANT, 'message-delete-any'].sort() as Operation[];

/** The role matrix, row by row (docs/backend.md §4, docs/architecture.md §3). */
const TABLE: [Role, Operation[]][] = [
  ['customer', PARTICIPANT],
  ['buyer', PARTICIPANT],
  ['player', PARTICIPANT],
  ['courier', PARTICIPANT],
  ['agent', STAFF],
  ['seller', STAFF],
  ['moderator', STAFF],
  ['observer', ['history', 'subscribe']],
  ['bot', ['history', 'message-delete-own', 'message-update-own', 'publish', 'subscribe']],
];

describe('capabilities', () => {
  it.each(TABLE)('grants %s exactly its row when the task is open', (role, ops) => {
    expect(operationsFor(role, { closed: false })).toEqual(ops);
  });

  it('covers every role in the table', () => {
    expect(TABLE.map(([role]) => role).sort()).toEqual([...ROLES].sort());
  });

  it.each(ROLES)('grants %s only subscribe and history when the task is closed', (role) => {
    expect(operationsFor(role, { closed: true })).toEqual(['history', 'subscribe']);
  });

  it('never grants update-any, push-admin or wildcards to any role', () => {
    for (const role of ROLES) {
      for (const closed of [false, true]) {
        const ops: string[] = operationsFor(role, { closed });
        expect(ops).not.toContain('message-update-any');
        expect(ops).not.toContain('push-admin');
        expect(ops).not.toContain('*');
      }
    }
  });

  it('scopes the capability to the one chat channel and the agent channel of the task', () => {
    expect(capabilityFor('order:8841', 'observer', { closed: false }, 'u-17')).toEqual({
      'task:order:8841::$chat': ['history', 'subscribe'],
      'agent:order:8841': ['history', 'subscribe'],
    });
  });

  it.each(ROLES.flatMap((role) => [false, true].map((closed) => [role, closed] as const)))(
    'grants %s (closed: %s) subscribe and history on the agent channel and nothing more',
    (role, closed) => {
      expect(capabilityFor('order:8841', role, { closed }, 'u-17')['agent:order:8841']).toEqual([
        'history',
        'subscribe',
      ]);
    },
  );

  it('grants push-subscribe only on the user’s notifications channel, never on the room', () => {
    const capability = capabilityFor('order:8841', 'buyer', { closed: false }, 'u-17');
    expect(Object.keys(capability)).toEqual([
      'task:order:8841::$chat',
      'agent:order:8841',
      'notifications:u-17',
    ]);
    expect(capability['notifications:u-17']).toEqual(['push-subscribe']);
    expect(capability['task:order:8841::$chat']).not.toContain('push-subscribe');
    expect(capability['task:order:8841::$chat']).toEqual(PARTICIPANT.filter((op) => op !== 'push-subscribe'));
  });

  it.each(ROLES)('grants %s no notifications channel when the task is closed', (role) => {
    expect(Object.keys(capabilityFor('order:1', role, { closed: true }, 'u-1'))).toEqual([
      'task:order:1::$chat',
      'agent:order:1',
    ]);
  });

  it.each([
    ['agent', true],
    ['admin', false],
    ['', false],
    [undefined, false],
  ])('recognises %s as a role: %s', (value, expected) => {
    expect(isRole(value)).toBe(expected);
  });
});
