import * as ErrorCode from '../session/error-codes.js';
import { EmbeddedChatErrorEvent } from '../events/error-event.js';

/**
 * What an element fires when the chunk it imports did not load (`what`: "chat", "inbox", "launcher"): the page
 * could not reach the server the element's files come from, or that server did not serve them.
 */
export function loadFailure(what: string, err: unknown): EmbeddedChatErrorEvent {
  return new EmbeddedChatErrorEvent({
    code: ErrorCode.Unreachable,
    message: `unable to load the ${what}; ${(err as Error).message}`,
    remediation: 'check that the page can reach the server embedded-chat.js comes from',
  });
}
