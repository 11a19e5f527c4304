import { describe, expect, it } from 'vitest';
import {
  agentChannelFor,
  chatChannelFor,
  isValidTaskId,
  parseRoomUserClaim,
  roomClaimNameFor,
  roomNameFor,
  roomUserClaims,
  taskIdFromChannel,
} from '../../../../server/backend/ably-auth/channel-names.js';

describe('room user claims', () => {
  it('reads back the role and name the backend signed', () => {
    const claim = roomUserClaims('order:8841', 'agent', 'Dana')['ably.room.task:order:8841'];
    expect(parseRoomUserClaim(claim)).toEqual({ role: 'agent', name: 'Dana' });
  });

  it('keeps only string fields of an object claim', () => {
    expect(parseRoomUserClaim('{"role":7,"name":"Mo","admin":true}')).toEqual({ name: 'Mo' });
    expect(parseRoomUserClaim('{}')).toEqual({});
  });

  it.each([undefined, 42, '', 'agent', '"agent"', 'null', '[1]', '{"role":'])(
    'reads %j as no claim of ours',
    (claim) => expect(parseRoomUserClaim(claim)).toBeUndefined(),
  );
});

describe('channel names', () => {
  it('maps a task id to its room, channel and claim name', () => {
    expect(roomNameFor('order:8841')).toBe('task:order:8841');
    expect(chatChannelFor('order:8841')).toBe('task:order:8841::$chat');
    expect(roomClaimNameFor('ticket-42')).toBe('ably.room.task:ticket-42');
    expect(agentChannelFor('order:8841')).toBe('agent:order:8841');
  });

  it.each(['order:8841', 'ticket-42', 'a', 'game_7.round-2', 'deal@shop:1:2', 'A'.repeat(128)])(
    'accepts %s as a task id',
    (taskId) => expect(isValidTaskId(taskId)).toBe(true),
  );

  it.each([
    '',
    'A'.repeat(129),
    'order:*',
    '*',
    'order::1',
    ':order',
    'order:',
    'order 1',
    'order$chat',
    '[meta]x',
    'order/1',
    'émoji',
    'a\nb',
  ])('rejects %j as a task id', (taskId) => expect(isValidTaskId(taskId)).toBe(false));

  it('maps a room channel back to its task id and ignores other channels', () => {
    expect(taskIdFromChannel('task:order:8841::$chat')).toBe('order:8841');
    expect(taskIdFromChannel('task:order:8841')).toBeUndefined();
    expect(taskIdFromChannel('other:order::$chat')).toBeUndefined();
    expect(taskIdFromChannel('task:a::b::$chat')).toBeUndefined();
  });
});
