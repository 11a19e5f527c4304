import { describe, expect, it } from 'vitest';
import { missingCapability } from '../../../server/ably-setup/key-capability.js';

describe('missingCapability', () => {
  const wanted = { 'task:*': ['publish', 'subscribe'], '*': ['push-admin'] };
  it.each([
    ['the same resources and operations', { 'task:*': ['publish', 'subscribe'], '*': ['push-admin'] }, []],
    ['everything', { '[*]*': ['*'] }, []],
    ['* on every unqualified channel', { '*': ['*'] }, []],
    ['a broader prefix', { 'task:*': ['*'], '*': ['push-admin'] }, []],
    ['operations split over resources', { 'task:*': ['publish'], '*': ['subscribe', 'push-admin'] }, []],
    ['a missing operation', { 'task:*': ['publish'], '*': ['push-admin'] }, ['subscribe on task:*']],
    ['a narrower resource', { 'task:order:*': ['*'], '*': ['push-admin'] }, ['publish, subscribe on task:*']],
    ['another namespace', { 'chat:*': ['*'] }, ['publish, subscribe on task:*', 'push-admin on *']],
  ])('answers what is missing for %s', (_case, capability, missing) => {
    expect(missingCapability(capability, wanted)).toEqual(missing);
  });

  it('does not count * as covering a qualified resource', () => {
    expect(missingCapability({ '*': ['*'] }, { '[meta]*': ['subscribe'] })).toEqual(['subscribe on [meta]*']);
  });
});
