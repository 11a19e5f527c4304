import type { BrowserRoutes, TokenAnswer } from '../../server/contract/api-contract.js';
import { resolveRoute, type Credential } from './backend-client.js';
import { permissionsOf, type Permissions } from './permissions.js';

/**
 * The signed-in participant of one open chat, as every feature sees it. `answer` and `permissions` are
 * replaced together on each token renewal (read them when acting, never keep a copy); the rest is fixed for
 * the session's life.
 */
export interface ChatSession {
  readonly clientId: string;
  /** The latest token answer: the task's title, the participant's role and name, the room. */
  readonly answer: TokenAnswer;
  readonly permissions: Permissions;
  /** The backend's browser routes, resolved against the element's token URL. */
  readonly routes: Readonly<BrowserRoutes>;
  /** Who the element says it is; `fresh` asks the host for a new participant token first. */
  credential(fresh?: boolean): Promise<Credential>;
}

/** The session controller's {@link ChatSession}: it alone renews it. */
export class LiveSession implements ChatSession {
  readonly clientId: string;
  readonly routes: Readonly<BrowserRoutes>;
  answer: TokenAnswer;
  permissions: Permissions;

  constructor(
    answer: TokenAnswer,
    tokenUrl: string,
    readonly credential: (fresh?: boolean) => Promise<Credential>,
  ) {
    this.clientId = answer.clientId;
    this.answer = answer;
    this.permissions = permissionsOf(answer);
    const { readState, agentRuns, attachments, attachmentUrls } = answer.routes;
    this.routes = Object.freeze({
      readState: resolveRoute(tokenUrl, readState),
      agentRuns: resolveRoute(tokenUrl, agentRuns),
      ...(attachments ? { attachments: resolveRoute(tokenUrl, attachments) } : {}),
      ...(attachmentUrls ? { attachmentUrls: resolveRoute(tokenUrl, attachmentUrls) } : {}),
    });
  }

  /** A renewal's answer: what the participant may do now (a task closed meanwhile comes back read-only). */
  renew(answer: TokenAnswer): void {
    this.answer = answer;
    this.permissions = permissionsOf(answer);
  }
}
