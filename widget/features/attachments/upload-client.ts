import type {
  AttachmentAnswer,
  AttachmentRef,
  AttachmentRequest,
  AttachmentUpload,
  ErrorBody,
} from '../../../server/contract/api-contract.js';
import { BackendRequestError, backendRequest } from '../../session/backend-client.js';
import type { ChatSession } from '../../session/chat-session.js';
import * as ErrorCode from '../../session/error-codes.js';
import { asCaller, route } from './file-urls-client.js';

/*
 * Uploading a file (shapes: server/contract/api-contract.ts): announce it, send its bytes where the answer says,
 * complete it.
 */

/** An announced file: its id, where its bytes go and where to complete it (absolute URLs). */
export interface Announced {
  id: string;
  upload: AttachmentUpload;
  complete: string;
}

/** `POST` the attachments route: the backend records the file and says where its bytes go. */
export async function announceFile(session: ChatSession, file: File): Promise<Announced> {
  const url = route(session, 'attachments');
  const answer = await asCaller(session, (body) => {
    const request: AttachmentRequest = { ...body, name: file.name, size: file.size, type: file.type };
    return backendRequest<AttachmentAnswer>('POST', url, request, 'attach file');
  });
  return {
    id: answer.id,
    upload: { ...answer.upload, url: new URL(answer.upload.url, url).href },
    complete: new URL(answer.complete, url).href,
  };
}

/**
 * Sends the bytes as the announcement says, reporting progress (0–1): XMLHttpRequest, the browser API that
 * reports upload progress. `signal` aborts it.
 */
export function uploadBytes(
  upload: AttachmentUpload,
  file: File,
  onProgress: (fraction: number) => void,
  signal: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(upload.method, upload.url);
    for (const [name, value] of Object.entries(upload.headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) return resolve();
      let error: Partial<ErrorBody['error']> | undefined;
      try {
        error = (JSON.parse(xhr.responseText) as Partial<ErrorBody>).error;
      } catch {
        error = undefined; // S3 answers XML: the status says enough
      }
      reject(
        new BackendRequestError(
          typeof error?.code === 'number' ? error.code : ErrorCode.Unreachable,
          error?.message ?? `unable to upload file; the storage answered ${xhr.status}`,
          xhr.status,
        ),
      );
    };
    xhr.onerror = () =>
      reject(new BackendRequestError(ErrorCode.Unreachable, 'unable to upload file; no connection', 0));
    xhr.onabort = () => reject(new DOMException('the upload was cancelled', 'AbortError'));
    signal.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

/** `POST` the completion URL: the backend checks the bytes and answers what the message lists. */
export function completeFile(session: ChatSession, url: string): Promise<AttachmentRef> {
  return asCaller(session, (body) => backendRequest<AttachmentRef>('POST', url, body, 'complete upload'));
}
