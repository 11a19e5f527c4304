import type { FloodLimits } from './flood.js';
import type { Policy } from './policy.js';
import type { WordList } from './word-list.js';

/**
 * Task type → policy, in one table. `*` covers every type not named; `null` turns moderation off for a type.
 * Hosts pass their own entries through the router's `moderation.policies`, merged over these.
 */
export type PolicyTable = Readonly<Record<string, Policy | null>>;

/** The entry for task types the table does not name. */
export const ANY_TYPE = '*';

const FLOOD: FloodLimits = { maxRepeats: 3, windowMs: 60_000 };
const GAME_FLOOD: FloodLimits = { maxRepeats: 2, windowMs: 30_000 };

/** The built-in policies, sharing one word list. */
export function builtInPolicies(words: WordList) {
  return {
    /** Buyer–seller chats: nobody takes the deal off the platform. */
    marketplace: { name: 'marketplace', contactInformation: true, words, maxLinks: 2, flood: FLOOD },
    /** Support tickets: customers may give a phone number for a call back; abuse stays out. */
    support: { name: 'support', words, maxLinks: 5, flood: FLOOD },
    /** Game sessions: a word filter, no links, short patience for spam. */
    game: { name: 'game', words, maxLinks: 0, flood: GAME_FLOOD },
    /** Everything else. */
    standard: { name: 'standard', words, maxLinks: 5, flood: FLOOD },
  } satisfies Record<string, Policy>;
}

/** The default table (docs/backend.md §5 lists it). */
export function defaultPolicyTable(words: WordList): PolicyTable {
  const p = builtInPolicies(words);
  return {
    order: p.marketplace,
    deal: p.marketplace,
    listing: p.marketplace,
    offer: p.marketplace,
    rental: p.marketplace,
    booking: p.marketplace,
    ticket: p.support,
    support: p.support,
    case: p.support,
    game: p.game,
    match: p.game,
    session: p.game,
    lobby: p.game,
    [ANY_TYPE]: p.standard,
  };
}

/** The policy for a task type: its own entry, else `*`; undefined when moderation is off for it. */
export function policyFor(table: PolicyTable, taskType: string): Policy | undefined {
  const entry = Object.hasOwn(table, taskType) ? table[taskType] : table[ANY_TYPE];
  return entry ?? undefined;
}
