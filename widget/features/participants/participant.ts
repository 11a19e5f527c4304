import type { ReadMarker } from '../../../server/contract/api-contract.js';
import { maxSerial } from '../../internal/serial.js';
import { parseUserClaim } from './user-claim.js';

/**
 * A person in the task, as every part of the element shows them: the backend's participant list, the live
 * presence set and the read markers, merged. Names and roles come from the verified presence claim first, the
 * backend's list second, the clientId last.
 */
export interface Participant {
  clientId: string;
  name: string;
  role?: string;
  /** Their task status line ("courier 5 min away"), while present. */
  status?: string;
  present: boolean;
  self: boolean;
  /** The newest message serial they have read: their saved marker, or newer as presence tells it live. */
  read?: string;
}

/** One clientId in the presence set (several devices of one person merged). */
export interface PresentMember {
  clientId: string;
  userClaim?: string;
  status?: string;
  read?: string;
}

/** The participants of a task: the listed ones in order of joining, then anyone present the list lacks. Pure. */
export function mergeParticipants(
  listed: readonly ReadMarker[],
  present: ReadonlyMap<string, PresentMember>,
  me: string,
): Participant[] {
  const people: Participant[] = [];
  const seen = new Set<string>();
  for (const marker of listed) {
    seen.add(marker.userId);
    people.push(participant(marker.userId, present.get(marker.userId), marker, me));
  }
  for (const member of present.values()) {
    if (!seen.has(member.clientId)) people.push(participant(member.clientId, member, undefined, me));
  }
  return people;
}

function participant(
  clientId: string,
  member: PresentMember | undefined,
  marker: ReadMarker | undefined,
  me: string,
): Participant {
  const claim = parseUserClaim(member?.userClaim);
  const role = claim.role ?? marker?.role;
  const read = maxSerial(marker?.serial, member?.read);
  return {
    clientId,
    name: claim.name ?? marker?.name ?? clientId,
    ...(role ? { role } : {}),
    ...(member?.status ? { status: member.status } : {}),
    present: member !== undefined || clientId === me,
    self: clientId === me,
    ...(read ? { read } : {}),
  };
}
