import { createReadStream } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { withBridge } from './bridge-source';
import { sendText } from './http-io';

/** The renderer build over HTTP, as built: the right content types and nothing from outside its folder. */

export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

function isInside(dir: string, target: string): boolean {
  return target === dir || target.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}

export type StaticHandler = (req: IncomingMessage, res: ServerResponse, pathname: string) => Promise<void>;

export async function createStaticHandler(rendererDir: string): Promise<StaticHandler> {
  const indexPath = join(rendererDir, 'index.html');
  const realRendererDir = await realpath(rendererDir);

  async function serveIndex(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Read on every request, so a rebuild during `npm run web` is picked up.
    const html = withBridge(await readFile(indexPath, 'utf8'));
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES['.html']!,
      'Content-Length': Buffer.byteLength(html),
    });
    res.end(req.method === 'HEAD' ? undefined : html);
  }

  return async (req, res, pathname) => {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return sendText(res, 405, 'Method Not Allowed', { Allow: 'GET, HEAD' });
    let relative: string;
    try {
      relative = decodeURIComponent(pathname);
    } catch {
      return sendText(res, 404, 'Not Found');
    }
    if (relative === '/' || relative === '/index.html') return serveIndex(req, res);
    if (relative.includes('\0')) return sendText(res, 404, 'Not Found');
    // Resolve, then check the result (and, past symlinks, its real path) is still inside the renderer build.
    const target = resolve(rendererDir, `.${relative}`);
    if (!isInside(rendererDir, target)) return sendText(res, 404, 'Not Found');
    let real: string;
    try {
      real = await realpath(target);
      if (!isInside(realRendererDir, real) || !(await stat(real)).isFile())
        return sendText(res, 404, 'Not Found');
    } catch {
      return sendText(res, 404, 'Not Found');
    }
    const type = CONTENT_TYPES[extname(real).toLowerCase()] ?? 'application/octet-stream';
    const { size } = await stat(real);
    res.writeHead(200, { 'Content-Type': type, 'Content-Length': size });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(real)
      .on('error', () => res.destroy())
      .pipe(res);
  };
}
