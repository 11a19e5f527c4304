import { sizeOf } from '../../widget/build/report-build.js';
import type { FetchedScript, PageDownload, TimedRun } from './widget-bench-browser.js';

/** A script a page fetched, sized from the file the page server sent. */
export interface DownloadedFile {
  /** The URL path the page fetched. */
  path: string;
  raw: number;
  /** gzip -9 of the file: what a server compressing at its best sends. */
  gzip: number;
  brotli: number;
}

export interface Download {
  files: DownloadedFile[];
  raw: number;
  gzip: number;
  brotli: number;
}

/**
 * Sizes the scripts a page fetched: each URL path is matched to its file under one of `folders` (URL prefix →
 * folder: `/dist/` → the element's build, `/bare/` → the baseline's). Fails on a script that matches no file,
 * or whose received size is not the file's (then the page did not fetch what is being sized).
 */
export function downloadOf(scripts: FetchedScript[], folders: Record<string, string>): Download {
  const files = scripts.map((script): DownloadedFile => {
    const prefix = Object.keys(folders).find((p) => script.path.startsWith(p));
    if (prefix === undefined) {
      throw new Error(`unable to size ${script.path}; it is in none of ${Object.keys(folders).join(', ')}`);
    }
    const size = sizeOf(folders[prefix]!, decodeURIComponent(script.path.slice(prefix.length)));
    if (size.raw !== script.bytes) {
      throw new Error(
        `unable to size ${script.path}; the page received ${script.bytes} bytes, the file has ${size.raw}`,
      );
    }
    return { path: script.path, raw: size.raw, gzip: size.gzip, brotli: size.brotli };
  });
  const sum = (key: 'raw' | 'gzip' | 'brotli') => files.reduce((n, f) => n + f[key], 0);
  return { files, raw: sum('raw'), gzip: sum('gzip'), brotli: sum('brotli') };
}

/** The URL paths of `scripts`, sorted: two loads fetched the same when these are equal. */
export function pathsOf(scripts: FetchedScript[]): string {
  return scripts
    .map((s) => s.path)
    .sort()
    .join(' ');
}

/** A page's download: sized, and whether every timed load fetched the same scripts before rendering. */
export function downloadsOf(run: PageDownload, timed: TimedRun[], folders: Record<string, string>) {
  const paths = pathsOf(run.beforeRender);
  return {
    firstConversation: downloadOf(run.beforeRender, folders),
    firstSeconds: downloadOf(run.firstSeconds, folders),
    newestOnScreen: run.newestOnScreen,
    sameScriptsInEveryTimedLoad: timed.every((r) => pathsOf(r.scriptsBeforeRender) === paths),
  };
}
