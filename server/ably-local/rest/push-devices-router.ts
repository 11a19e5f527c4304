import { Router, type Request } from 'express';
import { assertMayManageDevice, assertPushAdmin, isPushAdmin, type PushCaller } from '../auth/push-access.js';
import { errors } from '../protocol/ably-error.js';
import { deviceJson, isDeviceId, parseDeviceDetails, parseDevicePatch } from '../push/device-details.js';
import type { LocalPush } from '../push/local-push.js';
import { linkHeader, pageOf } from './pagination.js';
import { pushCaller } from './push-auth.js';
import type { RestContext } from './rest-context.js';
import { limitParam, requestBody, sendBody, sendNoContent, stringParam } from './rest-io.js';
import { limitWrite } from './write-limit.js';

/** Counts a push write against the caller's REST write rate, unless it is a push-admin (DESIGN §13.2). */
export function limitPushWrite(ctx: RestContext, caller: PushCaller): void {
  if (caller.identity && !isPushAdmin(caller)) limitWrite(ctx.writes, caller.identity);
}

/**
 * `/push/deviceRegistrations` (DESIGN §13.1): register (the `ably/push` plugin's
 * activation), save, get, list, update by the device itself, remove and removeWhere.
 */
export function pushDevicesRouter(ctx: RestContext, push: LocalPush): Router {
  const router = Router();
  const base = '/push/deviceRegistrations';
  const idOf = (req: Request): string => {
    const id = req.params.deviceId as string;
    if (!isDeviceId(id)) throw errors.badRequest('unable to find device; invalid device id');
    return id;
  };

  router.post(base, (req, res) => {
    const body = requestBody(req);
    const input = parseDeviceDetails(body, 'register device');
    const caller = pushCaller(req, ctx.auth, push, input.id);
    limitPushWrite(ctx, caller);
    const { device, token } = push.register(input, caller, 'register device');
    sendBody(req, res, 201, deviceJson(device, { token: token!, issued: device.tokenIssued! }));
  });

  router.put(`${base}/:deviceId`, (req, res) => {
    const id = idOf(req);
    const input = parseDeviceDetails(requestBody(req), 'save device', id);
    const caller = pushCaller(req, ctx.auth, push, id);
    limitPushWrite(ctx, caller);
    const { device, token } = push.register(input, caller, 'save device', { keepToken: true });
    sendBody(
      req,
      res,
      200,
      deviceJson(device, token === undefined ? undefined : { token, issued: device.tokenIssued! }),
    );
  });

  router.get(`${base}/:deviceId`, (req, res) => {
    const id = idOf(req);
    assertMayManageDevice(pushCaller(req, ctx.auth, push, id), id, 'get device');
    const device = push.store.getDevice(id);
    if (!device) throw errors.notFound(`unable to get device; no device ${id}`);
    sendBody(req, res, 200, deviceJson(device));
  });

  router.patch(`${base}/:deviceId`, (req, res) => {
    const id = idOf(req);
    const caller = pushCaller(req, ctx.auth, push, id);
    assertMayManageDevice(caller, id, 'update device');
    limitPushWrite(ctx, caller);
    const device = push.update(id, parseDevicePatch(requestBody(req), 'update device'));
    sendBody(req, res, 200, deviceJson(device));
  });

  router.delete(`${base}/:deviceId`, (req, res) => {
    const id = idOf(req);
    assertMayManageDevice(pushCaller(req, ctx.auth, push, id), id, 'remove device');
    push.store.removeDevice(id);
    sendNoContent(req, res);
  });

  router.get(base, (req, res) => {
    const deviceId = stringParam(req, 'deviceId');
    const clientId = stringParam(req, 'clientId');
    const caller = pushCaller(req, ctx.auth, push, deviceId);
    if (deviceId === undefined || caller.deviceId !== deviceId) assertPushAdmin(caller, 'list devices');
    const limit = limitParam(req);
    const fetched = push.store.listDevices({
      limit: limit + 1,
      ...(deviceId === undefined ? {} : { deviceId }),
      ...(clientId === undefined ? {} : { clientId }),
      ...(stringParam(req, 'cursor') === undefined ? {} : { cursor: stringParam(req, 'cursor')! }),
    });
    const { items, next } = pageOf(fetched, limit, (d) => d.id);
    sendBody(
      req,
      res,
      200,
      items.map((d) => deviceJson(d)),
      linkHeader(req, 'deviceRegistrations', next),
    );
  });

  router.delete(base, (req, res) => {
    const deviceId = stringParam(req, 'deviceId');
    const clientId = stringParam(req, 'clientId');
    if (deviceId === undefined && clientId === undefined) {
      throw errors.badRequest('unable to remove devices; give deviceId or clientId');
    }
    const caller = pushCaller(req, ctx.auth, push, deviceId);
    if (clientId !== undefined || caller.deviceId !== deviceId) assertPushAdmin(caller, 'remove devices');
    const devices = push.store.listDevices({
      limit: 100_000,
      ...(deviceId === undefined ? {} : { deviceId }),
      ...(clientId === undefined ? {} : { clientId }),
    });
    for (const device of devices) push.store.removeDevice(device.id);
    sendNoContent(req, res);
  });

  return router;
}
