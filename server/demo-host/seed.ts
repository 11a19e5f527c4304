import type { AttachmentRef } from '../contract/api-contract.js';
import { signInScreenshot, vasePhoto } from './demo-pictures.js';
import { HostChatClient, type HostSettings } from './host-client.js';
import { uploadAs } from './host-uploads.js';
import { INBOX_TASKS, SCENARIOS, type DemoPerson, type DemoPicture, type DemoScenario } from './scenarios.js';

type SeededTask = Omit<DemoScenario, 'id' | 'blurb'> & { id?: string };

/**
 * Creates the demo tasks and their participants over the tasks API (idempotent `PUT`s), and starts an empty
 * conversation with its seed messages. Runs at every `npm start`; a conversation that has history is left as is.
 */
export async function seedDemo(settings: HostSettings): Promise<void> {
  for (const scenario of [...SCENARIOS, ...INBOX_TASKS]) {
    await upsertTask(settings, scenario);
    await seedMessages(settings, scenario);
  }
}

async function upsertTask(settings: HostSettings, scenario: SeededTask): Promise<void> {
  const base = `${settings.backendUrl}/api/tasks/${encodeURIComponent(scenario.task)}`;
  const headers = { authorization: `Bearer ${settings.serverSecret}`, 'content-type': 'application/json' };
  const url = scenario.id === undefined ? null : new URL(`/demo/${scenario.id}`, settings.publicUrl).href;
  await put(base, headers, { type: scenario.type, title: scenario.title, url });
  for (const person of scenario.people) {
    await put(`${base}/participants/${encodeURIComponent(person.userId)}`, headers, {
      role: person.role,
      name: person.name,
    });
  }
}

async function seedMessages(settings: HostSettings, scenario: SeededTask): Promise<void> {
  if (scenario.seed.length === 0) return;
  const senders = new Map<string, HostChatClient>();
  try {
    const first = scenario.people.find((p) => p.userId === scenario.seed[0]![0])!;
    const reader = await HostChatClient.open(settings, scenario.task, first, false);
    senders.set(first.userId, reader);
    const history = await reader.room.messages.history({ limit: 1 });
    if (history.items.length > 0) return;
    for (const [userId, text, picture] of scenario.seed) {
      const person = scenario.people.find((p) => p.userId === userId)!;
      let sender = senders.get(userId);
      if (!sender) {
        sender = await HostChatClient.open(settings, scenario.task, person, false);
        senders.set(userId, sender);
      }
      const file = picture ? await attach(settings, scenario.task, person, picture) : undefined;
      await sender.room.messages.send(file ? { text, metadata: { attachments: [file as never] } } : { text });
    }
  } finally {
    await Promise.all([...senders.values()].map((s) => s.close()));
  }
}

/** Uploads one of the demo's pictures as `person`, as the element would. */
async function attach(
  settings: HostSettings,
  task: string,
  person: DemoPerson,
  picture: DemoPicture,
): Promise<AttachmentRef | undefined> {
  const file =
    picture === 'vase'
      ? { name: 'vase-crack.jpg', type: 'image/jpeg', bytes: await vasePhoto() }
      : { name: 'sign-in-error.png', type: 'image/png', bytes: await signInScreenshot() };
  return uploadAs(settings, task, person, file);
}

async function put(url: string, headers: Record<string, string>, body: unknown): Promise<void> {
  const response = await fetch(url, { method: 'PUT', headers, body: JSON.stringify(body) });
  if (!response.ok)
    throw new Error(
      `unable to seed the demo; PUT ${url} answered ${response.status} ${await response.text()}`,
    );
}
