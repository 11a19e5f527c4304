import { timingSafeEqual } from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { AblyError } from '../protocol/ably-error.js';
import type { ErrorReporter } from '../protocol/error-reporter.js';
import type { ControlPlane } from './control-plane.js';

/**
 * The Control API subset under `/v1` (DESIGN §15.1): `GET /me`, and an app's namespaces, rules and keys, as
 * Ably's OpenAPI document describes them. Bearer authentication with the server's own access token
 * (`ABLY_LOCAL_CONTROL_TOKEN`); JSON in and out; errors `{message, code, statusCode, href}`.
 */
export function controlRouter(control: ControlPlane, token: string, report: ErrorReporter): Router {
  const router = express.Router();
  const expected = Buffer.from(token);
  router.use((req, _res, next) => {
    const given = /^Bearer (.+)$/i.exec(req.get('authorization') ?? '')?.[1];
    const bytes = Buffer.from(given ?? '');
    if (bytes.length !== expected.length || !timingSafeEqual(bytes, expected)) {
      throw new AblyError(
        40100,
        401,
        'unable to authenticate; missing or wrong Control API access token (Bearer)',
      );
    }
    next();
  });
  router.use(express.json({ limit: '256kb', strict: false, type: () => true }));
  const app = (req: Request) => req.params.appId as string;
  const id = (req: Request) => req.params.id as string;

  router.get('/me', (_req, res) => {
    res.json({
      token: {
        id: 'ably-local',
        name: 'ably-local control token',
        capabilities: [
          'read:namespace',
          'write:namespace',
          'read:rule',
          'write:rule',
          'read:key',
          'write:key',
        ],
        expires_at: null,
        last_used_at: null,
      },
      user: { id: 1, email: 'ably-local@localhost.invalid' },
      account: { id: 'ably-local', name: 'ably-local' },
    });
  });

  router.get('/apps/:appId/namespaces', (req, res) => {
    res.json(control.namespaces(app(req)));
  });
  router.post('/apps/:appId/namespaces', (req, res) => {
    res.status(201).json(control.createNamespace(app(req), req.body));
  });
  router.patch('/apps/:appId/namespaces/:id', (req, res) => {
    res.json(control.updateNamespace(app(req), id(req), req.body));
  });
  router.delete('/apps/:appId/namespaces/:id', (req, res) => {
    control.deleteNamespace(app(req), id(req));
    res.status(204).end();
  });

  router.get('/apps/:appId/rules', (req, res) => {
    res.json(control.rules(app(req)));
  });
  router.post('/apps/:appId/rules', (req, res) => {
    res.status(201).json(control.createRule(app(req), req.body));
  });
  router.get('/apps/:appId/rules/:id', (req, res) => {
    res.json(control.rule(app(req), id(req)));
  });
  router.patch('/apps/:appId/rules/:id', (req, res) => {
    res.json(control.updateRule(app(req), id(req), req.body));
  });
  router.delete('/apps/:appId/rules/:id', (req, res) => {
    control.deleteRule(app(req), id(req));
    res.status(204).end();
  });

  router.get('/apps/:appId/keys', (req, res) => {
    res.json(control.keys(app(req)));
  });
  router.post('/apps/:appId/keys', (req, res) => {
    res.status(201).json(control.createKey(app(req), req.body));
  });
  router.patch('/apps/:appId/keys/:id', (req, res) => {
    res.json(control.updateKey(app(req), id(req), req.body));
  });
  router.post('/apps/:appId/keys/:id/revoke', (req, res) => {
    control.revokeKey(app(req), id(req));
    res.status(200).end();
  });

  router.use((req, _res, next) =>
    next(
      new AblyError(
        40400,
        404,
        `unable to find ${req.method} /v1${req.path}; not a Control API route ably-local serves`,
      ),
    ),
  );
  router.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const parseError = err as { type?: string; status?: number; message?: string };
    const error =
      typeof parseError.type === 'string' && typeof parseError.status === 'number'
        ? new AblyError(40000, parseError.status, `unable to read body; ${parseError.message}`)
        : AblyError.from(err);
    if (error.statusCode >= 500) report(`answer ${req.method} /v1${req.path}`, error);
    const { message, code, statusCode, href } = error.toWire();
    res.status(statusCode).json({ message, code, statusCode, href });
  });
  return router;
}
