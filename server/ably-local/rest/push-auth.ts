import type { Request } from 'express';
import type { Authenticator } from '../auth/authenticator.js';
import type { PushCaller } from '../auth/push-access.js';
import { errors } from '../protocol/ably-error.js';
import { deviceIdOfToken, isDeviceToken } from '../push/device-token.js';
import type { LocalPush } from '../push/local-push.js';
import { authenticateRequest, decodeBearer } from './rest-auth.js';

/**
 * The credentials of a push request (DESIGN §13.2): Ably credentials as on every route, and/or a
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
  const decoded = bearer === undefined ? undefined : decodeBearer(bearer);
  const accessToken = typeof req.query.access_token === 'string' ? req.query.access_token : undefined;
  const bearerIsDevice = decoded !== undefined && isDeviceToken(decoded);
  const queryIsDevice = accessToken !== undefined && isDeviceToken(accessToken);
  if (bearerIsDevice) deviceToken ??= decoded;
  else if (queryIsDevice) deviceToken ??= accessToken;
  const ablyCredentials =
    (header !== undefined && !bearerIsDevice) ||
    typeof req.query.key === 'string' ||
    (accessToken !== undefined && !queryIsDevice);
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
