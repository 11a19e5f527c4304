import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../../server/backend/errors.js';
import {
  EMBED_SECRET,
  joinRoom,
  mountChatRouter,
  SERVER_SECRET,
  startBackend,
  uniqueTaskId,
  type TestBackend,
} from '../backend-harness.js';

/** Markup, script, an attribute break-out, a terminal escape and a bell, all as plain message text. */
const HOSTILE_TEXT =
  '<script>alert(1)</script><img src=x onerror=alert(2)> "quoted" & \'apos\' ' +
  '<a href="javascript:alert(3)">x</a><svg/onload=alert(4)><iframe src=//x></iframe> \u001b[31mred\u0007 </p></li>';

const PEOPLE = [
  { userId: 'ann', role: 'buyer', name: 'Ann' },
  { userId: 'bob', role: 'seller', name: 'Bob' },
  { userId: 'mod', role: 'moderator', name: 'Mo' },
] as const;

async function taskWithRooms(backend: TestBackend) {
  const task = uniqueTaskId('order');
  await backend.createTask(task, [...PEOPLE], { type: 'order', title: 'Order <8841> & "bike"' });
  const rooms = await Promise.all(PEOPLE.map((p) => joinRoom(backend, task, p.userId, p.role, true)));
  return { task, rooms: rooms.map((r) => r.room) };
}

async function transcript(url: string, task: string, format?: string, secret = SERVER_SECRET) {
  const response = await fetch(`${url}/api/tasks/${task}/transcript${format ? `?format=${format}` : ''}`, {
    headers: { authorization: `Bearer ${secret}` },
  });
  return { response, text: await response.text() };
}

describe('GET /api/tasks/:task/transcript', () => {
  it('streams all 300 messages of a task, in order, in every format', async () => {
    const backend = await startBackend();
    const { task, rooms } = await taskWithRooms(backend);
    const texts = Array.from({ length: 300 }, (_, i) => `message ${String(i + 1).padStart(3, '0')}`);
    // One at a time (each sender under ably-local's REST burst), so the order is known.
    for (const [i, text] of texts.entries()) await rooms[i % 3]!.messages.send({ text });

    const json = await transcript(backend.url, task);
    expect(json.response.status).toBe(200);
    expect(json.response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(json.response.headers.get('transfer-encoding')).toBe('chunked');
    expect(json.response.headers.get('cache-control')).toBe('no-store');
    const body = JSON.parse(json.text) as { count: number; messages: { text: string; sender: unknown }[] };
    expect(body).toMatchObject({ task, type: 'order', title: 'Order <8841> & "bike"', count: 300 });
    expect(body.messages.map((m) => m.text)).toEqual(texts);
    expect(body.messages[1]!.sender).toEqual({ userId: 'bob', name: 'Bob', role: 'seller', verified: true });

    const html = await transcript(backend.url, task, 'html');
    expect(html.response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.text.match(/<li /g)).toHaveLength(300);
    const positions = texts.map((t) => html.text.indexOf(`<p class="text">${t}</p>`));
    expect(positions.every((p, i) => p > 0 && (i === 0 || p > positions[i - 1]!))).toBe(true);
    expect(html.text).toContain('300 messages');

    const text = await transcript(backend.url, task, 'text');
    expect(text.response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const lines = text.text.split('\n').filter((l) => l.startsWith('['));
    expect(lines).toHaveLength(300);
    expect(lines[0]).toMatch(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\] Ann \(buyer\): message 001$/);
    expect(lines.map((l) => l.slice(l.indexOf('): ') + 3))).toEqual(texts);
  });

  it('flags edits and deletions, counts reactions, and escapes hostile text in the HTML', async () => {
    const backend = await startBackend();
    const { task, rooms } = await taskWithRooms(backend);
    const [ann, bob, mod] = rooms as [(typeof rooms)[0], (typeof rooms)[0], (typeof rooms)[0]];
    const hostile = await ann.messages.send({ text: HOSTILE_TEXT });
    const edited = await bob.messages.send({ text: 'first try' });
    await bob.messages.update(edited.serial, { text: 'second try' });
    const removed = await ann.messages.send({ text: 'oops' });
    await mod.messages.delete(removed.serial);
    await bob.messages.reactions.send(hostile.serial, { name: '👍' });
    await mod.messages.reactions.send(hostile.serial, { name: '👍' });
    await mod.messages.reactions.send(hostile.serial, { name: '<b>' });

    const { messages } = JSON.parse((await transcript(backend.url, task)).text) as {
      messages: Record<string, unknown>[];
    };
    expect(messages).toMatchObject([
      { text: HOSTILE_TEXT, edited: false, deleted: false, reactions: { '👍': 2, '<b>': 1 } },
      { text: 'second try', edited: true, deleted: false, changedBy: null, changedAt: expect.any(Number) },
      {
        text: '',
        edited: false,
        deleted: true,
        changedBy: 'mod',
        sender: { userId: 'ann', name: 'Ann', role: 'buyer', verified: false },
      },
    ]);

    const { response, text: html } = await transcript(backend.url, task, 'html');
    expect(response.headers.get('content-security-policy')).toMatch(
      /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; frame-ancestors 'none'$/,
    );
    const body = html.slice(html.indexOf('<body>'));
    expect(body).not.toMatch(/<(script|img|svg|iframe|a)\b/i);
    expect(body).not.toContain('<b>');
    expect(html).toContain('<title>Order &lt;8841&gt; &amp; &quot;bike&quot; — transcript</title>');
    expect(html).toContain('second try</p>');
    expect(html).toMatch(/· edited<\/p>/);
    expect(html).toContain('· deleted by mod</p><p class="text gone">This message was deleted.</p>');
    expect(html).toContain('👍 2, &lt;b&gt; 1');

    const text = (await transcript(backend.url, task, 'text')).text;
    expect(text).toMatch(/Bob \(seller\) \[edited\]: second try\n/);
    expect(text).toMatch(/Ann \(buyer\): \[message deleted\]\n/);
    expect(text).not.toMatch(/\p{Cc}(?<![\n\t])/u);
  });

  it('lists each message’s attachments: the metadata in JSON, name, size and type in HTML and text', async () => {
    const backend = await startBackend();
    const { task, rooms } = await taskWithRooms(backend);
    const files: { id: string; name: string; size: number; type: string; width?: number; height?: number }[] =
      [
        {
          id: 'a'.repeat(32),
          name: 'vase <front>.jpg',
          size: 1_234_567,
          type: 'image/jpeg',
          width: 1200,
          height: 800,
        },
        { id: 'b'.repeat(32), name: 'invoice.pdf', size: 48_200, type: 'application/pdf' },
      ];
    await rooms[0]!.messages.send({ text: 'It arrived broken', metadata: { attachments: files as never } });
    await rooms[0]!.messages.send({ text: 'junk', metadata: { attachments: [{ id: '../x', name: 1 }] } });
    const { messages } = JSON.parse((await transcript(backend.url, task)).text) as {
      messages: { metadata: unknown; attachments: unknown }[];
    };
    expect(messages[0]).toMatchObject({
      metadata: { attachments: files },
      attachments: files.map(({ id, name, size, type }) => ({ id, name, size, type })),
    });
    expect(messages[1]).toMatchObject({ attachments: [] });
    const html = (await transcript(backend.url, task, 'html')).text;
    expect(html).toContain(
      '<ul class="files"><li>vase &lt;front&gt;.jpg (1.2 MB, image/jpeg)</li><li>invoice.pdf (48 KB, application/pdf)</li></ul>',
    );
    const text = (await transcript(backend.url, task, 'text')).text;
    expect(text).toContain(
      'It arrived broken\n    Attachment: vase <front>.jpg (1.2 MB, image/jpeg)\n    Attachment: invoice.pdf (48 KB, application/pdf)\n',
    );
  });

  it('returns an empty transcript for a task nobody wrote in', async () => {
    const backend = await startBackend();
    const task = uniqueTaskId('ticket');
    await backend.createTask(task, [], { type: 'ticket', title: 'Quiet' });
    const body = JSON.parse((await transcript(backend.url, task)).text) as { count: number; messages: [] };
    expect(body).toMatchObject({ count: 0, messages: [] });
  });

  it.each([
    ['a wrong server secret', 'x'.repeat(40), 'order:1', undefined, 401, ErrorCode.InvalidServerSecret],
    ['an unknown task', SERVER_SECRET, 'order:nope', undefined, 404, ErrorCode.UnknownTask],
    ['an unknown format', SERVER_SECRET, 'order:1', 'pdf', 400, ErrorCode.InvalidQuery],
    ['a malformed task id', SERVER_SECRET, 'bad%20id', undefined, 400, ErrorCode.InvalidIdentifier],
  ])('refuses %s', async (_what, secret, task, format, status, code) => {
    const backend = await startBackend();
    await backend.createTask('order:1', []);
    const { response, text } = await transcript(backend.url, task, format, secret);
    expect(response.status).toBe(status);
    expect((JSON.parse(text) as { error: { code: number } }).error.code).toBe(code);
  });

  it('answers 502 (1014) when Ably cannot be reached', async () => {
    const backend = await startBackend({
      ably: { apiKey: 'a.b:c', endpoint: '127.0.0.1', port: 1, tls: false },
    });
    await backend.createTask('order:1', []);
    const { response, text } = await transcript(backend.url, 'order:1');
    expect(response.status).toBe(502);
    expect((JSON.parse(text) as { error: { code: number } }).error.code).toBe(ErrorCode.AblyUnavailable);
  });

  it('exports through the mounted router too', async () => {
    const { url, store } = await mountChatRouter({ embedSecret: EMBED_SECRET, serverSecret: SERVER_SECRET });
    await store.upsertTask({ id: 'deal:1', type: 'deal', title: 'Bike', url: null }, Date.now());
    const response = await fetch(`${url}/chat/tasks/deal:1/transcript?format=text`, {
      headers: { authorization: `Bearer ${SERVER_SECRET}` },
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/^Bike\nTask deal:1 \(deal\), exported .+ UTC\n\n\n0 messages\n$/);
  });
});
