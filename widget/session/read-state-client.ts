import type {
  ReadMarker,
  ReadStateAdvanceRequest,
  ReadStateAnswer,
} from '../../server/contract/api-contract.js';
import { backendRequest, callerBody } from './backend-client.js';
import type { ChatSession } from './chat-session.js';
import * as ErrorCode from './error-codes.js';

/** The task's read markers: every current participant, in order of joining (`POST` the read-state route). */
export async function loadReadMarkers(session: ChatSession): Promise<ReadMarker[]> {
  const body = callerBody(await session.credential());
  const answer = await backendRequest<ReadStateAnswer>(
    'POST',
    session.routes.readState,
    body,
    'load read state',
  );
  return answer.markers;
}

/**
 * Moves the participant's marker forward to `serial` (`PUT`); answers every marker. A participant token that
 * expired since the last Ably token is renewed through the host once.
 */
export async function saveReadMarker(session: ChatSession, serial: string): Promise<ReadMarker[]> {
  const save = async (fresh: boolean) => {
    const body: ReadStateAdvanceRequest = { ...callerBody(await session.credential(fresh)), serial };
    const answer = await backendRequest<ReadStateAnswer>(
      'PUT',
      session.routes.readState,
      body,
      'save read state',
    );
    return answer.markers;
  };
  return save(false).catch((err: unknown) => {
    const code = (err as { code?: number }).code;
    if (code !== ErrorCode.ParticipantTokenExpired && code !== ErrorCode.UserTokenExpired) throw err;
    return save(true);
  });
}
