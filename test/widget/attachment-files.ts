import type { AttachmentAnswer, AttachmentRef } from '../../server/contract/api-contract.js';
import type { ChatStack, Person } from './element-harness.js';

/* Files for the element's browser tests: drawn here, and uploaded the way the element does. */

/** A photo drawn here (a blue vase on a light background), as a PNG file. */
export async function photo(name = 'vase.png', width = 400, height = 300): Promise<File> {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const g = canvas.getContext('2d')!;
  g.fillStyle = '#f4efe6';
  g.fillRect(0, 0, width, height);
  g.fillStyle = '#2f5ad8';
  g.beginPath();
  g.ellipse(width / 2, height * 0.6, width * 0.18, height * 0.3, 0, 0, Math.PI * 2);
  g.fill();
  g.fillRect(width / 2 - width * 0.06, height * 0.12, width * 0.12, height * 0.25);
  const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), 'image/png'));
  return new File([blob], name, { type: 'image/png' });
}

/** Uploads a file as `person` through the backend's public routes, as the element does; its reference. */
export async function upload(
  stack: ChatStack,
  task: string,
  person: Person,
  file: File,
): Promise<AttachmentRef> {
  const participantToken = await stack.participantToken({ task, userId: person.userId, role: person.role });
  const base = `${stack.backendUrl}/api/tasks/${encodeURIComponent(task)}/attachments`;
  const post = async <T>(url: string, body: object): Promise<T> => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ participantToken, ...body }),
    });
    if (!response.ok) throw new Error(`unable to upload: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const announced = await post<AttachmentAnswer>(base, { name: file.name, size: file.size, type: file.type });
  await fetch(new URL(announced.upload.url, base), { method: 'PUT', body: file });
  return post<AttachmentRef>(new URL(announced.complete, base).href, {});
}
