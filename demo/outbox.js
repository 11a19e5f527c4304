import { element, renderTopBar } from './demo.js';

// The demo's push outbox: what reached each participant's stand-in device, refreshed every two seconds.
renderTopBar('outbox');
const rows = document.getElementById('deliveries');
const empty = document.getElementById('empty');
const time = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit', second: '2-digit' });

async function refresh() {
  const { available, deliveries } = await (await fetch('/demo-api/outbox')).json();
  if (!available) {
    empty.textContent = 'On Ably’s cloud, alerts go to the real browsers that turned on “Notify me”.';
    return;
  }
  empty.hidden = deliveries.length > 0;
  rows.replaceChildren(
    ...deliveries.map((d) => {
      const row = element('tr');
      const notification = d.payload.notification ?? {};
      const url = d.payload.data?.url;
      const link = element('a', '', url ? new URL(url).pathname : '—');
      if (url) link.href = url;
      const text = element('td');
      text.append(
        element('strong', '', notification.title ?? ''),
        element('br'),
        element('span', '', notification.body ?? ''),
      );
      const opens = element('td');
      opens.append(link);
      row.append(
        element('td', '', time.format(d.at)),
        element('td', '', `${d.name}${d.role ? ` · ${d.role}` : ''}`),
        text,
        opens,
      );
      return row;
    }),
  );
}

await refresh();
setInterval(() => void refresh(), 2000);
