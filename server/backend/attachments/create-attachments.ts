import type { Logger } from 'pino';
import { decide } from '../moderation/policy.js';
import { policyFor, type PolicyTable } from '../moderation/policy-table.js';
import type { Store } from '../store/store.js';
import { defaultAttachmentPolicies, type AttachmentPolicyTable } from './attachment-policy.js';
import { AttachmentService } from './attachment-service.js';
import { AttachmentSweeper, DEFAULT_SWEEP, type SweepSettings } from './attachment-sweeper.js';
import { FileUrlSigner } from './file-url-signer.js';
import { DEFAULT_MAX_PIXELS } from './image-encoding.js';
import type { ObjectStorage } from './object-storage.js';

/** Where attachments are kept and what each task type takes. */
export interface AttachmentOptions {
  /** `DiskStorage` (one instance) or `S3Storage` (several); see `createObjectStorage`. */
  storage: ObjectStorage;
  /**
   * Task type → policy (or `null`: no files), merged over the built-in table (docs/backend.md §7); `*` is
   * every type not named.
   */
  policies?: AttachmentPolicyTable;
  /** Largest file the built-in policies take (default 25 MB). */
  maxBytes?: number;
  /** Images with more pixels (all frames together) are refused before decoding (default 40 million). */
  maxPixels?: number;
  /** When unsent and removed files are deleted. */
  sweep?: Partial<SweepSettings>;
}

/** The attachments service and its sweeper, from the chat router's options. */
export function createAttachments(
  options: AttachmentOptions,
  store: Store,
  context: { logger: Logger; now: () => number; moderation?: PolicyTable },
): { service: AttachmentService; sweeper: AttachmentSweeper } {
  const { logger, now, moderation } = context;
  const service = new AttachmentService({
    store,
    storage: options.storage,
    policies: { ...defaultAttachmentPolicies(options.maxBytes), ...options.policies },
    signer: new FileUrlSigner(now),
    maxPixels: options.maxPixels ?? DEFAULT_MAX_PIXELS,
    ...(moderation ? { checkName: nameCheck(moderation, now) } : {}),
    logger,
    now,
  });
  const sweep = { ...DEFAULT_SWEEP, ...options.sweep };
  return { service, sweeper: new AttachmentSweeper(store, options.storage, sweep, logger, now) };
}

/**
 * File names pass the task type's moderation policy as text on its own (issue #17: a marketplace refuses a
 * phone number in a file name as it does in a message): its words and contact details, not flood or links.
 */
function nameCheck(table: PolicyTable, now: () => number) {
  return (taskType: string, name: string): string | undefined => {
    const policy = policyFor(table, taskType);
    if (!policy) return undefined;
    const { flood: _flood, maxLinks: _maxLinks, ...checks } = policy;
    const decision = decide(checks, { text: name, recent: [], now: now() });
    return decision.action === 'reject' ? decision.rejection.reason : undefined;
  };
}
