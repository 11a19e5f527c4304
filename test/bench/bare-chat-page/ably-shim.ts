/**
 * What `ably` resolves to in the baseline page's bundle: the same shim as the element's build
 * (vite.config.ts, widget/session/ably-shim.ts), so `@ably/chat` runs on `ably/modular` there too.
 */
export { BaseRealtime as Realtime, ErrorInfo } from 'ably/modular';
