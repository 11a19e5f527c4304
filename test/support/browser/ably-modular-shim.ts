/**
 * What `import … from 'ably'` resolves to in the browser test runner: ably's browser entry is UMD,
 * so the bare specifier is aliased (by `ablyShimPlugin`) to this ESM module over `ably/modular`,
 * as the widget bundle does. `Realtime`/`Rest` preset the plugins the widget ships with.
 */
import {
  BaseRealtime,
  BaseRest,
  ErrorInfo,
  FetchRequest,
  RealtimePresence,
  Rest as RestPlugin,
  WebSocketTransport,
  XHRPolling,
  type ModularPlugins,
} from 'ably/modular';

type BaseOptions = ConstructorParameters<typeof BaseRealtime>[0];

const PLUGINS: ModularPlugins = {
  WebSocketTransport,
  XHRPolling,
  FetchRequest,
  RealtimePresence,
  Rest: RestPlugin,
};

/** Like ably-js: a string argument is a key (or a token when it has no colon). */
function withPlugins(options: BaseOptions | string): BaseOptions {
  const base: BaseOptions =
    typeof options === 'string' ? (options.includes(':') ? { key: options } : { token: options }) : options;
  return { ...base, plugins: { ...PLUGINS, ...base.plugins } };
}

/** `Ably.Realtime` for the browser: a `BaseRealtime` with the widget's plugins. */
export class Realtime extends BaseRealtime {
  constructor(options: BaseOptions | string) {
    super(withPlugins(options));
  }
}

/** `Ably.Rest` for the browser: a `BaseRest` with the widget's plugins. */
export class Rest extends BaseRest {
  constructor(options: BaseOptions | string) {
    super(withPlugins(options));
  }
}

export { ErrorInfo };
