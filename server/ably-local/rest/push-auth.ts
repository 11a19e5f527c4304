import type { Request } from 'express';
import type { Authenticator } from '../auth/authenticator.js';
import type { PushCaller } from '../auth/push-access.js';
import { errors } from '../protocol/ably-error.js';
import { deviceIdOfToken, isDeviceToken } from '../push/device-token.js';
import type { LocalPush } from '../push/local-push.js';
import { authenticateRequest } from './rest-auth.js';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * The credentials of a push request (wire §7.1, DESIGN §13.2): Ably credentials as on every route, and/or a
 * device's own — a deviceIdentityToken (`X-Ably-DeviceToken`, or as the Bearer token / `access_token` the
 * SDK sends for device-scoped calls) or its `X-Ably-DeviceSecret` (with `deviceId` naming the device). A
 * device credential that does not verify is 40101, whatever else the request carries.
 */
export function pushCaller(
  req: Request,
  auth: Authenticator,
  push: LocalPush,
  deviceId?: string,
): PushCaller {
  const caller: PushCaller = {};
  let deviceToken = req.get('x-ably-devicetoken') || undefined;
  const header = req.get('authorization');
  const bearer = /^bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
  const decoded = bearer && BASE64.test(bearer) ? Buffer.from(bearer, 'base64').toString('utf8') : bearer;
  const accessToken = typeof req.query.access_token === 'string' ? req.query.access_token : undefined;
  if (decoded !== undefined && isDeviceToken(decoded)) deviceToken ??= decoded;
  else if (accessToken !== undefined && isDeviceToken(accessToken)) deviceToken ??= accessToken;
  const ablyCredentials =
    (header !== undefined && !(decoded !== undefined && isDeviceToken(decoded))) ||
    typeof req.query.key === 'string' ||
    (accessToken !== undefined && !isDeviceToken(accessToken));
  if (ablyCredentials) caller.identity = authenticateRequest(req, auth);
  if (deviceToken !== undefined) {
    const id = deviceIdOfToken(deviceToken);
    if (id === undefined || !push.authenticateDevice(id, { token: deviceToken })) {
      throw errors.invalidCredentials('unable to authenticate device; invalid deviceIdentityToken');
    }
    caller.deviceId = id;
  } else {
    const secret = req.get('x-ably-devicesecret');
    if (secret !== undefined) {
      if (deviceId === undefined || !push.authenticateDevice(deviceId, { secret })) {
        throw errors.invalidCredentials('unable to authenticate device; invalid deviceSecret');
      }
      caller.deviceId = deviceId;
    }
  }
  if (!caller.identity && caller.deviceId === undefined) {
    throw errors.unauthorized('unable to authenticate; no credentials given');
  }
  return caller;
}
