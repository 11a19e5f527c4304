import { findContactInformation, type ContactKind } from './contact-information.js';
import { isFlood, type FloodLimits, type RecentMessage } from './flood.js';
import { findLinks, type FoundLink } from './links.js';
import type { WordList } from './word-list.js';

/** A message as a policy sees it. */
export interface ModerationInput {
  text: string;
  /** The sender's recent accepted messages in this task (for flood detection), oldest first. */
  recent: readonly RecentMessage[];
  /** Epoch ms. */
  now: number;
}

/** Which check refused a message, and the words the sender is shown. */
export interface Rejection {
  rule: 'contact-information' | 'word-list' | 'link-limit' | 'flood' | (string & {});
  /** Plain words the sender can act on; the element shows them as they are. */
  reason: string;
}

/**
 * What a task type's messages must pass (data plus pure checks, docs/architecture.md §7). Every field is optional; a
 * policy with none accepts everything. Hosts build their own with these fields and `custom`.
 */
export interface Policy {
  /** Named in the answer's `rejectionReason.policy` and in logs. */
  name: string;
  /** Refuse phone numbers, e-mail addresses, messenger handles and links to other marketplaces. */
  contactInformation?: boolean;
  /** Refuse listed words and phrases. */
  words?: WordList;
  /** Most links a message may carry (0: none). */
  maxLinks?: number;
  /** Refuse the same message repeated too often by one participant. */
  flood?: FloodLimits;
  /** A host's own check, run last; return a rejection to refuse. Must be pure and fast. */
  custom?: (input: ModerationInput) => Rejection | undefined;
}

export type Decision = { action: 'accept' } | { action: 'reject'; rejection: Rejection };

const CONTACT_REASONS: Record<ContactKind, string> = {
  phone: "Phone numbers and e-mail addresses can't be shared in this chat.",
  email: "Phone numbers and e-mail addresses can't be shared in this chat.",
  messenger: "Messenger and social media contacts can't be shared in this chat.",
  'marketplace-link': "Links to other marketplaces can't be shared in this chat.",
};

export const WORD_LIST_REASON = "This message has language that isn't allowed here. Please rephrase it.";
export const FLOOD_REASON =
  "You've already sent this message several times. Please wait a minute before sending it again.";

/** The link-limit reason for a limit of `max` links. */
export function linkLimitReason(max: number): string {
  if (max === 0) return "Links can't be shared in this chat.";
  return `A message here can have at most ${max} ${max === 1 ? 'link' : 'links'}.`;
}

/** Runs a policy's checks in a fixed order (contact information, words, links, flood, custom). Pure. */
export function decide(policy: Policy, input: ModerationInput): Decision {
  const rejection = firstRejection(policy, input);
  return rejection ? { action: 'reject', rejection } : { action: 'accept' };
}

function firstRejection(policy: Policy, input: ModerationInput): Rejection | undefined {
  let links: FoundLink[] | undefined;
  const linksOf = () => (links ??= findLinks(input.text));
  if (policy.contactInformation) {
    const found = findContactInformation(input.text, linksOf);
    if (found) return { rule: 'contact-information', reason: CONTACT_REASONS[found.kind] };
  }
  if (policy.words?.find(input.text) !== undefined) {
    return { rule: 'word-list', reason: WORD_LIST_REASON };
  }
  if (policy.maxLinks !== undefined && linksOf().length > policy.maxLinks) {
    return { rule: 'link-limit', reason: linkLimitReason(policy.maxLinks) };
  }
  if (policy.flood && isFlood(input.recent, input.text, input.now, policy.flood)) {
    return { rule: 'flood', reason: FLOOD_REASON };
  }
  return policy.custom?.(input);
}
