import type {
  AttachmentUrlsAnswer,
  AttachmentUrlsRequest,
  CallerRequest,
} from '../../../server/contract/api-contract.js';
import { BackendRequestError, backendRequest, callerBody } from '../../session/backend-client.js';
import type { ChatSession } from '../../session/chat-session.js';
import * as ErrorCode from '../../session/error-codes.js';

/*
 * The element's side of the attachments routes (shapes: server/contract/api-contract.ts). URLs in answers are
 * absolute or relative to the route they came from; the element makes them absolute.
 */

/** Calls a route with the caller's body; a participant token that expired is renewed through the host once. */
export async function asCaller<T>(
  session: ChatSession,
  call: (body: CallerRequest) => Promise<T>,
): Promise<T> {
  try {
    return await call(callerBody(await session.credential()));
  } catch (err) {
    if ((err as { code?: number }).code !== ErrorCode.ParticipantTokenExpired) throw err;
    return call(callerBody(await session.credential(true)));
  }
}

/** A route of the token answer; the backend keeps no files when it names none. */
export function route(session: ChatSession, name: 'attachments' | 'attachmentUrls'): string {
  const url = session.routes[name];
  if (!url)
    throw new BackendRequestError(ErrorCode.Unreachable, 'unable to attach; the backend keeps no files', 404);
  return url;
}

/** Short-lived URLs of the task's files (absolute), and the ids the backend does not serve. */
export async function fetchFileUrls(session: ChatSession, ids: string[]): Promise<AttachmentUrlsAnswer> {
  const url = route(session, 'attachmentUrls');
  const answer = await asCaller(session, (body) => {
    const request: AttachmentUrlsRequest = { ...body, ids };
    return backendRequest<AttachmentUrlsAnswer>('POST', url, request, 'load files');
  });
  for (const entry of Object.values(answer.urls)) {
    entry.url = new URL(entry.url, url).href;
    if (entry.thumbnailUrl) entry.thumbnailUrl = new URL(entry.thumbnailUrl, url).href;
  }
  return answer;
}
