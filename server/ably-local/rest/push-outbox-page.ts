import type { OutboxEntry } from '../push/push-outbox.js';

const escape = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** The Content-Security-Policy of the page: no script at all, its own inline styles only. */
export const OUTBOX_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'";

/**
 * `GET /push/outbox.html` (DESIGN §13.6): the newest deliveries as a table that reloads itself every 5 s.
 * Every value is escaped; the page runs no script.
 */
export function outboxPage(entries: readonly OutboxEntry[], now: number): string {
  const rows = entries
    .map((e) => {
      const notification = (e.payload.notification ?? {}) as Record<string, unknown>;
      const title = typeof notification.title === 'string' ? notification.title : '';
      const body = typeof notification.body === 'string' ? notification.body : '';
      const to = [
        e.clientId && `client ${e.clientId}`,
        e.deviceId && `device ${e.deviceId}`,
        e.channel && `via ${e.channel}`,
      ]
        .filter((part): part is string => Boolean(part))
        .map(escape)
        .join('<br>');
      const result = `${e.result}${e.statusCode === undefined ? '' : ` ${e.statusCode}`}`;
      return `<tr class="${escape(e.result)}"><td>${escape(new Date(e.at).toISOString())}</td><td>${to}</td><td>${escape(e.transportType)}<br><small>${escape(e.endpoint ?? '')}</small></td><td><b>${escape(title)}</b><br>${escape(body)}<details><summary>payload</summary><pre>${escape(JSON.stringify(e.payload, null, 2))}</pre></details></td><td>${escape(result)}${e.reason ? `<br><small>${escape(e.reason)}</small>` : ''}</td><td>${e.ms === undefined ? '' : `${e.ms} ms`}</td></tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
<title>ably-local push outbox</title>
<style>
body{font:14px system-ui,sans-serif;margin:1.5rem;color:#222}table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #ddd;padding:.4rem .5rem;text-align:left;vertical-align:top}
tr.failed td{background:#fff0f0}tr.skipped td{color:#777}pre{white-space:pre-wrap;font-size:12px}
small{color:#666}
</style></head><body>
<h1>Push outbox</h1>
<p>The newest ${entries.length} deliveries of this ably-local (newest first, as of ${escape(new Date(now).toISOString())}); JSON at <code>/push/outbox</code>.</p>
<table><thead><tr><th>queued</th><th>to</th><th>transport</th><th>notification</th><th>result</th><th>took</th></tr></thead>
<tbody>
${rows || '<tr><td colspan="6">Nothing sent yet.</td></tr>'}
</tbody></table></body></html>
`;
}
