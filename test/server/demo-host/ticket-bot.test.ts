import { describe, expect, it } from 'vitest';
import { botLines } from '../../../server/demo-host/ticket-bot.js';

const said = (role: string) => ({ userClaim: JSON.stringify({ role, name: role }) });

describe('botLines', () => {
  it.each<[string, { userClaim?: string }[], number]>([
    ['answers and hands over after the customer’s first message', [said('customer')], 2],
    ['stays quiet in an empty ticket', [], 0],
    ['stays quiet once it has spoken', [said('customer'), said('bot'), said('customer')], 0],
    [
      'stays quiet once an agent has taken the ticket',
      [said('customer'), said('agent'), said('customer')],
      0,
    ],
    ['stays quiet when a moderator has written', [said('moderator'), said('customer')], 0],
    ['does not answer its own or unclaimed messages', [{ userClaim: 'not json' }], 0],
  ])('%s', (_case, conversation, lines) => {
    expect(botLines(conversation, 'Ana')).toHaveLength(lines);
  });

  it('greets the customer by name and ends with the handover', () => {
    const [answer, handover] = botLines([said('customer')], 'Ana');
    expect(answer).toMatch(/^Hi Ana!/);
    expect(handover).toMatch(/handed your ticket to an agent, Ana/);
  });
});
