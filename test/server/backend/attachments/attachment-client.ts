import type { AttachmentAnswer } from '../../../../server/contract/api-contract.js';
import { fetchJson, type JsonResponse, type ParticipantSpec, type TestBackend } from '../backend-harness.js';

/** A participant's side of the attachments routes, as the element uses them (over HTTP, nothing else). */
export interface AttachmentClient {
  /** `…/api/tasks/<task>/attachments` */
  base: string;
  announce(file: { name: string; size: number; type: string }, body?: object): Promise<JsonResponse>;
  /** Sends the bytes as the announcement says (its URL resolved against the announcement's). */
  upload(answer: AttachmentAnswer, bytes: Buffer): Promise<Response>;
  complete(answer: AttachmentAnswer, body?: object): Promise<JsonResponse>;
  /** Announce, upload and complete: the completion's answer. */
  attach(name: string, type: string, bytes: Buffer): Promise<JsonResponse>;
  urls(ids: string[], body?: object): Promise<JsonResponse>;
  /** GET a URL from a `urls` answer (resolved against the urls route). */
  fetchFile(url: string): Promise<Response>;
}

export function attachmentClient(
  backend: TestBackend,
  task: string,
  person: ParticipantSpec,
): AttachmentClient {
  const base = `${backend.url}/api/tasks/${encodeURIComponent(task)}/attachments`;
  const credential = () => ({
    participantToken: backend.participantToken({ ...person, task: person.task ?? task }),
  });
  const post = (url: string, body: object) =>
    fetchJson(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const client: AttachmentClient = {
    base,
    announce: (file, body = credential()) => post(base, { ...body, ...file }),
    upload: (answer, bytes) =>
      fetch(new URL(answer.upload.url, base), {
        method: answer.upload.method,
        headers: answer.upload.headers,
        body: new Uint8Array(bytes),
      }),
    complete: (answer, body = credential()) => post(new URL(answer.complete, base).href, body),
    attach: async (name, type, bytes) => {
      const announced = await client.announce({ name, size: bytes.length, type });
      if (announced.status !== 201) return announced;
      const uploaded = await client.upload(announced.body as AttachmentAnswer, bytes);
      if (!uploaded.ok) throw new Error(`unable to upload: ${uploaded.status} ${await uploaded.text()}`);
      return client.complete(announced.body as AttachmentAnswer);
    },
    urls: (ids, body = credential()) => post(`${base}/urls`, { ...body, ids }),
    fetchFile: (url) => fetch(new URL(url, `${base}/urls`)),
  };
  return client;
}
