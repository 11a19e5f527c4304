/**
 * What the bare specifier `ably` resolves to in the element's bundle (vite alias; the browser test runner
 * has the same alias). `@ably/chat` does `import * as Ably from 'ably'` and uses only `ErrorInfo` and
 * `Realtime.EventEmitter`; without this alias the full ably build would join `ably/modular` in the bundle.
 */
export { BaseRealtime as Realtime, ErrorInfo } from 'ably/modular';
