import { describe, expect, it } from 'vitest';
import type { Role } from '../../../../server/backend/ably-auth/capabilities.js';
import { offlineParticipants } from '../../../../server/backend/push/offline-participants.js';
import type { Participant } from '../../../../server/backend/store/store.js';

const p = (userId: string, role: Role, removed = false): Participant => ({
  taskId: 't',
  userId,
  role,
  name: userId,
  removed,
  removedAt: removed ? 1 : null,
  createdAt: 1,
  updatedAt: 1,
});

const PARTICIPANTS = [
  p('ann', 'buyer'),
  p('sam', 'seller'),
  p('dana', 'agent'),
  p('otto', 'observer'),
  p('bot', 'bot'),
  p('gone', 'buyer', true),
];
const OPT_OUT = new Set<Role>(['observer', 'bot']);

describe('offlineParticipants (docs/architecture.md §4)', () => {
  it.each([
    ['everyone offline, nobody sent', [], undefined, ['ann', 'sam', 'dana']],
    ['the sender is never alerted', [], 'ann', ['sam', 'dana']],
    ['present members are not alerted', ['dana'], 'ann', ['sam']],
    ['present non-participants change nothing', ['stranger'], 'ann', ['sam', 'dana']],
    ['nobody when everyone else is here', ['sam', 'dana'], 'ann', []],
    ['a bot sender still alerts the humans', [], 'bot', ['ann', 'sam', 'dana']],
  ] as const)('%s', (_title, present, senderId, expected) => {
    expect(
      offlineParticipants({
        participants: PARTICIPANTS,
        present,
        ...(senderId === undefined ? {} : { senderId }),
        optedOutRoles: OPT_OUT,
      }),
    ).toEqual(expected);
  });

  it('alerts observers and bots too when no role opted out', () => {
    expect(
      offlineParticipants({ participants: PARTICIPANTS, present: [], optedOutRoles: new Set() }),
    ).toEqual(['ann', 'sam', 'dana', 'otto', 'bot']);
  });
});
