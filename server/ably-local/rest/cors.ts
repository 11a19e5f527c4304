import type { NextFunction, Request, Response } from 'express';

const ALLOW_HEADERS =
  'authorization,content-type,accept,x-ably-version,ably-agent,x-ably-clientid,x-ably-devicetoken,x-ably-devicesecret';
const EXPOSE_HEADERS = 'link,x-ably-errorcode,x-ably-errormessage,x-ably-serverid';

/** CORS with credentials: ably-js sends `credentials: include` whenever it sends authorization (DESIGN §7.1). */
export function cors(req: Request, res: Response, next: NextFunction): void {
  const origin = req.get('origin');
  if (origin) {
    res.set('Access-Control-Allow-Origin', origin);
    res.set('Access-Control-Allow-Credentials', 'true');
    res.set('Access-Control-Expose-Headers', EXPOSE_HEADERS);
    res.set('Vary', 'Origin');
  }
  if (req.method === 'OPTIONS') {
    res.set('Access-Control-Allow-Methods', 'GET,POST,PUT,PATCH,DELETE,OPTIONS');
    res.set('Access-Control-Allow-Headers', req.get('access-control-request-headers') ?? ALLOW_HEADERS);
    res.set('Access-Control-Max-Age', '600');
    res.status(204).end();
    return;
  }
  next();
}
