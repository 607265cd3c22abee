import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const types: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
};

const publicDir = join(dirname(fileURLToPath(import.meta.url)), 'public');

/**
 * Files the page needs, by the name it asks for: its own HTML, CSS and ES modules from
 * `src/console/public/`, and the official Adaptive Cards renderer's browser bundle straight from the
 * installed package (no bundler: the UMD file sets `window.AdaptiveCards`). A fixed list, so no
 * request path ever reaches the file system.
 */
function assetFiles(): ReadonlyMap<string, string> {
  const require = createRequire(import.meta.url);
  const adaptiveCardsDir = dirname(require.resolve('adaptivecards/package.json'));
  const own = ['index.html', 'console.css', 'console.js', 'render-block-kit.js', 'render-markdown.js', 'slack-pane.js', 'teams-pane.js', 'teams-host-config.js', 'side-panels.js', 'tenant-panel.js', 'console-client.js', 'pane-frame.js', 'format-time.js'];
  return new Map([
    ...own.map((name): [string, string] => [name, join(publicDir, name)]),
    ['adaptivecards.min.js', join(adaptiveCardsDir, 'dist', 'adaptivecards.min.js')],
  ]);
}

export interface StaticAssets {
  /** Sends the named asset; false when there is no such asset. */
  send(res: ServerResponse, name: string): Promise<boolean>;
}

/** The page's assets, read from disk on each request (so an edit shows on reload); the bundle is cached. */
export function createStaticAssets(): StaticAssets {
  const files = assetFiles();
  const cache = new Map<string, Buffer>();
  return {
    async send(res, name) {
      const path = files.get(name);
      if (!path) return false;
      const body = cache.get(name) ?? (await readFile(path));
      // Re-read the page's own files on every request while developing them; the bundle is stable.
      if (name.endsWith('.min.js')) cache.set(name, body);
      const ext = name.slice(name.lastIndexOf('.'));
      res.writeHead(200, { 'content-type': types[ext] ?? 'application/octet-stream', 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
      res.end(body);
      return true;
    },
  };
}
