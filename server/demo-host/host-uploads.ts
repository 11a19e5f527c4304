import type { AttachmentAnswer, AttachmentRef, Role } from '../contract/api-contract.js';
import { participantTokenFor, type HostSettings } from './host-client.js';
import type { DemoPerson } from './scenarios.js';

/**
 * Uploads a file as a participant through the backend's public attachments routes, exactly as the element
 * does (announce, send the bytes as told, complete); what the message's `metadata.attachments` lists. Undefined
 * when the backend keeps no files (`ATTACHMENTS=off`).
 */
export async function uploadAs(
  settings: HostSettings,
  task: string,
  person: Pick<DemoPerson, 'userId' | 'name'> & { role: Role },
  file: { name: string; type: string; bytes: Buffer },
): Promise<AttachmentRef | undefined> {
  const base = `${settings.backendUrl}/api/tasks/${encodeURIComponent(task)}/attachments`;
  const participantToken = participantTokenFor(settings, task, person);
  const post = (url: string, body: object) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ participantToken, ...body }),
    });
  const announced = await post(base, { name: file.name, size: file.bytes.length, type: file.type });
  if (announced.status === 404) return undefined;
  const answer = (await expectOk(announced, 'announce')) as AttachmentAnswer;
  const sent = await fetch(new URL(answer.upload.url, base), {
    method: answer.upload.method,
    headers: answer.upload.headers,
    body: new Uint8Array(file.bytes),
  });
  if (!sent.ok) throw new Error(`unable to upload ${file.name}; the storage answered ${sent.status}`);
  return (await expectOk(await post(new URL(answer.complete, base).href, {}), 'complete')) as AttachmentRef;
}

async function expectOk(response: Response, step: string): Promise<unknown> {
  if (!response.ok) {
    throw new Error(
      `unable to ${step} an upload; the backend answered ${response.status} ${await response.text()}`,
    );
  }
  return response.json();
}
