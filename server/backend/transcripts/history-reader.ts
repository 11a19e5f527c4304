import type * as Ably from 'ably';
import type { AblySettings } from '../ably-auth/ably-settings.js';
import { createRestClient } from '../ably-admin/rest-client.js';
import { errors } from '../errors.js';
import type { HistoryItem } from './transcript-entry.js';
import { describeAblyError } from '../ably-admin/describe-ably-error.js';

/** Items per history page (Chat REST allows at most 1000). */
const PAGE_SIZE = 1000;
const OPERATION = 'export transcript';

/**
 * Reads a room's Chat message history oldest first, a page at a time, through the `ably` SDK's REST client
 * (`request()` on Chat REST v4, `GET /chat/v4/rooms/:room/messages`), the same way against Ably's cloud and ably-local. Each failed
 * page throws BackendError 1014.
 */
export class HistoryReader {
  private readonly _rest: Ably.Rest;

  constructor(settings: AblySettings) {
    this._rest = createRestClient(settings);
  }

  /** Every page of the room's history, oldest message first. */
  async *pages(room: string): AsyncGenerator<HistoryItem[]> {
    let page = await this._request(() =>
      this._rest.request(
        'GET',
        `/chat/v4/rooms/${encodeURIComponent(room)}/messages`,
        4,
        { limit: String(PAGE_SIZE), direction: 'forwards' },
        null,
      ),
    );
    for (;;) {
      yield page.items;
      if (!page.hasNext()) return;
      const current = page;
      // The SDK's typing says PaginatedResult; for request() every page is an HttpPaginatedResponse.
      page = await this._request(
        async () => (await current.next()) as Ably.HttpPaginatedResponse<HistoryItem>,
      );
    }
  }

  private async _request(
    call: () => Promise<Ably.HttpPaginatedResponse<HistoryItem>>,
  ): Promise<Ably.HttpPaginatedResponse<HistoryItem>> {
    let response: Ably.HttpPaginatedResponse<HistoryItem>;
    try {
      response = await call();
    } catch (err) {
      throw errors.historyUnavailable(OPERATION, describeAblyError(err));
    }
    if (!response.success) {
      throw errors.historyUnavailable(OPERATION, `${response.errorCode}: ${response.errorMessage}`);
    }
    return response;
  }
}
