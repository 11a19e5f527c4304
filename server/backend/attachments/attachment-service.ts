import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import type {
  AttachmentLimits,
  AttachmentRef,
  AttachmentUrl,
  AttachmentUrlsAnswer,
} from '../../contract/api-contract.js';
import { operationsFor, type Role } from '../ably-auth/capabilities.js';
import { errors } from '../errors.js';
import { currentMembership, type Caller, type Membership } from '../participants/membership.js';
import type { StoredAttachment, Store, Task } from '../store/store.js';
import {
  attachmentLimitsFor,
  attachmentPolicyFor,
  type AttachmentPolicy,
  type AttachmentPolicyTable,
} from './attachment-policy.js';
import { SizeMismatchError } from './byte-limit.js';
import { sanitizeFileName } from './file-names.js';
import type { FileUrlSigner, FileUse } from './file-url-signer.js';
import { attachmentKeys, type ObjectStorage } from './object-storage.js';
import { dispositionOf, refOf, servedType, type ServedFile } from './stored-file.js';
import { processUpload } from './upload-processing.js';

/** How long an upload URL works. */
export const UPLOAD_TTL_SECONDS = 30 * 60;
/** How long file URLs work (issue #17: at most 15 minutes). */
export const FILE_URL_TTL_SECONDS = 10 * 60;

/** Checks a file name against the task type's moderation policy; the reason when it is refused. */
export type NameCheck = (taskType: string, name: string) => string | undefined;

export interface AttachmentServiceDeps {
  store: Store;
  storage: ObjectStorage;
  policies: AttachmentPolicyTable;
  signer: FileUrlSigner;
  maxPixels: number;
  /** The moderation policies' verdict on file names (absent: names are not moderated). */
  checkName?: NameCheck;
  logger: Logger;
  now: () => number;
}

/** An announced upload, with paths relative to the chat router (the route makes them relative to the request). */
export interface Announced {
  id: string;
  upload: { method: 'PUT'; url: string; headers: Record<string, string> };
  completePath: string;
  expiresAt: number;
}

/** The router path of a task's attachments. */
export const attachmentsPath = (taskId: string) => `/tasks/${encodeURIComponent(taskId)}/attachments`;

/**
 * Files in task chats (issue #17): announcing an upload, checking and keeping its bytes, short-lived URLs for
 * the task's current participants, and — with disk storage — taking and serving the bytes. Every call checks
 * that the caller is a current participant of the task; every id is checked against the task.
 */
export class AttachmentService {
  constructor(private readonly _deps: AttachmentServiceDeps) {}

  /** What `role` may attach in `task` now, for the token answer. */
  limitsFor(task: Task, role: Role): AttachmentLimits | null {
    return attachmentLimitsFor(attachmentPolicyFor(this._deps.policies, task.type), role, {
      closed: task.closed,
      canPublish: operationsFor(role, { closed: task.closed }).includes('publish'),
    });
  }

  /** `POST /tasks/:task/attachments`: records the file and says where its bytes go. */
  async announce(caller: Caller, file: { name: string; size: number; type: string }): Promise<Announced> {
    const operation = 'attach file';
    const { task, participant } = await this._member(caller, operation);
    if (task.closed) throw errors.taskClosed(operation, task.id);
    const policy = this._policy(task, participant.role, operation);
    if (file.size > policy.maxBytes) throw errors.attachmentTooLarge(operation, policy.maxBytes);
    // The browser's type is a hint only; refusing a type nobody takes here saves sending the bytes.
    const hint = file.type.toLowerCase();
    if (hint !== '' && !hint.startsWith('text/') && !policy.types.includes(hint)) {
      throw errors.attachmentTypeNotAllowed(operation, hint, policy.types);
    }
    const name = sanitizeFileName(file.name);
    const refused = this._deps.checkName?.(task.type, name);
    if (refused) throw errors.attachmentRefused(operation, refused);
    const id = randomBytes(16).toString('hex');
    const now = this._deps.now();
    const expiresAt = now + UPLOAD_TTL_SECONDS * 1000;
    await this._deps.store.createAttachment({
      id,
      taskId: task.id,
      userId: participant.userId,
      name,
      size: file.size,
      createdAt: now,
      uploadExpiresAt: expiresAt,
    });
    const base = `${attachmentsPath(task.id)}/${id}`;
    const storage = this._deps.storage;
    const upload = storage.presignUpload
      ? {
          method: 'PUT' as const,
          ...(await storage.presignUpload(attachmentKeys(id).incoming, file.size, UPLOAD_TTL_SECONDS)),
        }
      : {
          method: 'PUT' as const,
          url: `${base}/file?token=${this._sign(id, task.id, 'upload', participant.userId, UPLOAD_TTL_SECONDS)}`,
          headers: {},
        };
    return { id, upload, completePath: `${base}/complete`, expiresAt };
  }

  /** `POST /tasks/:task/attachments/:id/complete`: checks and keeps the bytes; the file as messages list it. */
  async complete(caller: Caller, id: string): Promise<AttachmentRef> {
    const operation = 'complete upload';
    const { task, participant } = await this._member(caller, operation);
    const attachment = await this._deps.store.getAttachment(id);
    if (!attachment || attachment.taskId !== task.id || attachment.userId !== participant.userId) {
      throw errors.unknownAttachment(operation, task.id);
    }
    if (attachment.state === 'ready') return refOf(attachment);
    if (task.closed) throw errors.taskClosed(operation, task.id);
    if (attachment.uploadExpiresAt < this._deps.now()) {
      throw errors.uploadIncomplete(operation, 'the upload window has passed');
    }
    const policy = this._policy(task, participant.role, operation);
    const completed = await processUpload(this._deps.storage, attachment, policy, this._deps.maxPixels);
    const stored = await this._deps.store.completeAttachment(id, completed, this._deps.now());
    // Completed meanwhile by a concurrent request for the same file: its answer stands.
    return refOf(stored ?? (await this._deps.store.getAttachment(id))!);
  }

  /** `POST /tasks/:task/attachments/urls`: short-lived URLs for the ids that are files of this task. */
  async urls(caller: Caller, ids: readonly string[]): Promise<AttachmentUrlsAnswer> {
    const operation = 'get attachment URLs';
    const { task, participant } = await this._member(caller, operation);
    const wanted = [...new Set(ids)];
    const found = (await this._deps.store.listAttachments(task.id, wanted)).filter(servable);
    if (found.length === 0) throw errors.unknownAttachment(operation, task.id);
    const expiresAt = this._deps.now() + FILE_URL_TTL_SECONDS * 1000;
    const urls: Record<string, AttachmentUrl> = {};
    for (const attachment of found) {
      const url = await this._fileUrl(attachment, 'file', participant.userId);
      const thumbnailUrl = attachment.thumbnail
        ? await this._fileUrl(attachment, 'thumbnail', participant.userId)
        : undefined;
      urls[attachment.id] = {
        ...refOf(attachment),
        url,
        ...(thumbnailUrl ? { thumbnailUrl } : {}),
        expiresAt,
      };
    }
    return { urls, missing: wanted.filter((id) => !(id in urls)) };
  }

  /**
   * `PUT /tasks/:task/attachments/:id/file?token=` (disk storage): takes exactly the announced bytes. The URL
   * names the uploader, who must still be a participant of the open task.
   */
  async receive(taskId: string, id: string, token: unknown, body: Readable): Promise<void> {
    const operation = 'upload file';
    const grant = this._deps.signer.verify(token, { id, task: taskId, use: 'upload' });
    const { task } = await this._member({ userId: grant.userId, task: taskId }, operation);
    if (task.closed) throw errors.taskClosed(operation, task.id);
    const attachment = await this._deps.store.getAttachment(id);
    if (!attachment || attachment.taskId !== taskId || attachment.state !== 'pending') {
      throw errors.unknownAttachment(operation, taskId);
    }
    try {
      await this._deps.storage.put(attachmentKeys(id).incoming, body, attachment.size);
    } catch (err) {
      // A cancelled upload (the browser went away mid-body) is the sender's choice, not the backend's fault.
      if (body.readableAborted) throw errors.uploadIncomplete(operation, 'the upload was cut off');
      if (!(err instanceof SizeMismatchError)) throw err;
      throw err.more
        ? errors.attachmentTooLarge(operation, attachment.size)
        : errors.uploadIncomplete(operation, err.message);
    }
  }

  /**
   * `GET /tasks/:task/attachments/:id/file|thumbnail?token=` (disk storage): the bytes, for the participant
   * the URL was made for while they are one.
   */
  async serve(taskId: string, id: string, use: 'file' | 'thumbnail', token: unknown): Promise<ServedFile> {
    const operation = 'serve file';
    const grant = this._deps.signer.verify(token, { id, task: taskId, use });
    await this._member({ userId: grant.userId, task: taskId }, operation);
    const [attachment] = await this._deps.store.listAttachments(taskId, [id]);
    if (!attachment || !servable(attachment) || (use === 'thumbnail' && !attachment.thumbnail)) {
      throw errors.unknownAttachment(operation, taskId);
    }
    const keys = attachmentKeys(id);
    const body = await this._deps.storage.get(use === 'file' ? keys.file : keys.thumbnail);
    if (!body) throw errors.unknownAttachment(operation, taskId);
    return {
      body,
      headers: {
        'Content-Type': use === 'file' ? servedType(attachment.type!) : 'image/webp',
        'Content-Disposition': dispositionOf(attachment, use),
      },
    };
  }

  private async _member(caller: Caller, operation: string): Promise<Membership> {
    const context = await this._deps.store.getTokenContext(caller.task, caller.userId);
    return currentMembership(context, caller, operation);
  }

  private _policy(task: Task, role: Role, operation: string): AttachmentPolicy {
    const policy = attachmentPolicyFor(this._deps.policies, task.type);
    if (!policy || !this.limitsFor(task, role)) throw errors.attachmentNotAllowed(operation, role, task.type);
    return policy;
  }

  private async _fileUrl(
    attachment: StoredAttachment,
    use: 'file' | 'thumbnail',
    userId: string,
  ): Promise<string> {
    const keys = attachmentKeys(attachment.id);
    const storage = this._deps.storage;
    if (storage.presignDownload) {
      return storage.presignDownload(use === 'file' ? keys.file : keys.thumbnail, {
        contentType: use === 'file' ? servedType(attachment.type!) : 'image/webp',
        contentDisposition: dispositionOf(attachment, use),
        expiresInSeconds: FILE_URL_TTL_SECONDS,
      });
    }
    const token = this._sign(attachment.id, attachment.taskId, use, userId, FILE_URL_TTL_SECONDS);
    return `${attachmentsPath(attachment.taskId)}/${attachment.id}/${use}?token=${token}`;
  }

  private _sign(id: string, task: string, use: FileUse, userId: string, ttlSeconds: number): string {
    return this._deps.signer.sign({ id, task, use, userId }, ttlSeconds);
  }
}

/** A file that can be handed out: its bytes checked and kept, its message not deleted. */
function servable(a: StoredAttachment): boolean {
  return a.state === 'ready' && a.removedAt === null;
}
