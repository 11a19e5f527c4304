import type { z } from 'zod';
import type {
  AgentEventRequest,
  AttachmentRequest,
  AttachmentUrlsRequest,
  BotMessageRequest,
  CallerRequest,
  ErrorCodes,
  InboxRequest,
  ParticipantRequest,
  ParticipantTokenClaims,
  ReadStateAdvanceRequest,
  Role,
  TaskRequest,
  UserTokenClaims,
} from '../contract/api-contract.js';
import type { ROLES } from './ably-auth/capabilities.js';
import type { ErrorCode } from './errors.js';
import type { roleSchema } from './participants/identity-rules.js';
import type { verifiedClaimsSchema } from './participants/participant-token.js';
import type { verifiedUserClaimsSchema } from './participants/user-token.js';
import type { inboxBodySchema } from './routes/inbox-route.js';
import type { attachmentBodySchema, attachmentUrlsBodySchema } from './routes/attachments-route.js';
import type { callerBodySchema } from './routes/caller.js';
import type { advanceBodySchema } from './routes/read-state-route.js';
import type { eventBodySchema, messageBodySchema } from './routes/task-events-route.js';
import type { participantBodySchema, taskBodySchema } from './routes/tasks-route.js';

/*
 * Compile-time pins of the backend to the wire contract (server/contract/api-contract.ts): every request
 * schema accepts exactly the contract's request type, and the runtime tables (roles, error codes) hold exactly
 * the contract's values. A change on one side without the other fails `npm run typecheck`. Nothing here runs.
 */

/** True when `A` and `B` are the same type (not merely assignable either way). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;

export type ContractChecks = [
  Expect<Equal<(typeof ROLES)[number], Role>>,
  Expect<Equal<z.output<typeof roleSchema>, Role>>,
  Expect<Equal<keyof typeof ErrorCode, keyof ErrorCodes>>,
  Expect<typeof ErrorCode extends ErrorCodes ? true : false>,
  Expect<Equal<z.input<typeof verifiedClaimsSchema>, ParticipantTokenClaims>>,
  Expect<Equal<z.input<typeof verifiedUserClaimsSchema>, UserTokenClaims>>,
  Expect<Equal<z.input<typeof callerBodySchema>, CallerRequest>>,
  Expect<Equal<z.input<typeof inboxBodySchema>, InboxRequest>>,
  Expect<Equal<z.input<typeof advanceBodySchema>, ReadStateAdvanceRequest>>,
  Expect<Equal<z.input<typeof taskBodySchema>, TaskRequest>>,
  Expect<Equal<z.input<typeof participantBodySchema>, ParticipantRequest>>,
  Expect<Equal<z.input<typeof messageBodySchema>, BotMessageRequest>>,
  Expect<Equal<z.input<typeof eventBodySchema>, AgentEventRequest>>,
  Expect<Equal<z.input<typeof attachmentBodySchema>, AttachmentRequest>>,
  Expect<Equal<z.input<typeof attachmentUrlsBodySchema>, AttachmentUrlsRequest>>,
];
