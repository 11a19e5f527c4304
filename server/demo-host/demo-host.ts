import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Router } from 'express';
import { participantTokenFor, type HostSettings } from './host-client.js';
import { DESKS, findPerson, SCENARIOS, SHOP } from './scenarios.js';
import { createUserToken } from '../backend/index.js';
import { registerDemoDevices, type DemoPushAdmin } from './demo-devices.js';
import { seedDemo } from './seed.js';
import { TicketBot } from './ticket-bot.js';

/** Where the demo's pages are (`demo/` at the repository root). */
const DEMO_DIR = fileURLToPath(new URL('../../demo', import.meta.url));

export interface DemoHostOptions extends Omit<HostSettings, 'backendUrl' | 'publicUrl'> {
  /** Origins the pages' scripts may connect to besides their own (ably-local, or Ably's cloud). */
  connectSources: string[];
  /** With ably-local: the push relay and the key to register the demo's devices (the push outbox page). */
  push?: DemoPushAdmin;
}

/** A running demo host: its routes (mounted beside the API), and what it started. */
export interface DemoHost {
  router: Router;
  /**
   * Seeds the tasks and starts the help bot; call once the backend listens at `backendUrl`. `publicUrl` is where
   * people open the demo.
   */
  start(backendUrl: string, publicUrl: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The demo's "host app" (development only, `npm start`): the pages in `demo/` and the little backend every host
 * has — it knows its users and signs their participant tokens (`POST /demo-api/participant-token`), creates the
 * tasks over the tasks API, and runs the ticket's help bot. It reaches the chat backend only over HTTP, as a
 * host would. Pages get a strict CSP (docs/embedding.md §9), so the demo proves the recipe.
 */
export function createDemoHost(options: DemoHostOptions): DemoHost {
  const router = express.Router();
  const csp = [
    "default-src 'none'",
    "script-src 'self'",
    `connect-src 'self' ${options.connectSources.join(' ')}`,
    "style-src 'self'",
    // Photos come from the backend (the same origin here); `blob:` for previews of files being attached.
    "img-src 'self' data: blob:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'self'",
  ].join('; ');
  router.get('/', (_req, res) => res.redirect(302, '/demo/'));
  router.use('/demo', (_req, res, next) => {
    res.set('Content-Security-Policy', csp);
    res.set('Cache-Control', 'no-cache');
    next();
  });
  // One page serves every scenario; it reads which from its path.
  for (const scenario of SCENARIOS) {
    router.get(`/demo/${scenario.id}`, (_req, res) => res.sendFile(join(DEMO_DIR, 'scenario.html')));
  }
  for (const desk of DESKS) {
    router.get(`/demo/${desk.id}`, (_req, res) => res.sendFile(join(DEMO_DIR, 'desk.html')));
  }
  router.use('/demo', express.static(DEMO_DIR, { extensions: ['html'], etag: true }));
  router.get('/demo-api/scenarios', (_req, res) => {
    res
      .set('Cache-Control', 'no-store')
      .json({ scenarios: SCENARIOS.map(({ seed: _seed, ...s }) => s), desks: DESKS, shop: SHOP });
  });
  // The desk pages' and the product site's user tokens: the host vouches for Dana, Sam or Ana across their tasks.
  router.post('/demo-api/user-token', express.json({ limit: '2kb' }), (req, res) => {
    const { userId } = (req.body ?? {}) as { userId?: unknown };
    if (![...DESKS, SHOP].some((d) => d.userId === userId)) {
      res
        .status(404)
        .json({ error: { code: 404, message: 'unable to sign a user token; no such demo desk' } });
      return;
    }
    const userToken = createUserToken({
      secret: options.embedSecret,
      userId: userId as string,
      ttlSeconds: 600,
    });
    res.set('Cache-Control', 'no-store').json({ userToken });
  });
  // The push outbox page: what the relay received for the demo's devices, newest first.
  router.get('/demo-api/outbox', (_req, res) => {
    const people = new Map(SCENARIOS.flatMap((s) => s.people.map((p) => [p.userId, p] as const)));
    res.set('Cache-Control', 'no-store').json({
      available: options.push !== undefined,
      deliveries: (options.push?.relay.received ?? []).map((d) => ({
        ...d,
        name: people.get(d.userId)?.name ?? d.userId,
        role: people.get(d.userId)?.role,
      })),
    });
  });
  router.post('/demo-api/participant-token', express.json({ limit: '2kb' }), (req, res) => {
    const { task, userId } = (req.body ?? {}) as { task?: unknown; userId?: unknown };
    const person =
      typeof task === 'string' && typeof userId === 'string' ? findPerson(task, userId) : undefined;
    if (!person) {
      res
        .status(404)
        .json({ error: { code: 404, message: 'unable to sign a participant token; no such demo user' } });
      return;
    }
    const participantToken = participantTokenFor(options, task as string, person);
    res.set('Cache-Control', 'no-store').json({ participantToken });
  });

  let bot: TicketBot | undefined;
  return {
    router,
    start: async (backendUrl, publicUrl) => {
      const settings: HostSettings = { ...options, backendUrl, publicUrl };
      await seedDemo(settings);
      if (options.push) await registerDemoDevices(options.push);
      bot = await TicketBot.start(
        settings,
        SCENARIOS.find((s) => s.id === 'ticket')!,
      );
    },
    close: async () => {
      await bot?.close();
    },
  };
}
