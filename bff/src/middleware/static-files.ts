// Serves the built H5 app from the BFF's origin (npm start and the browser tests), so
// the app calls /api/v1 on the same origin. GET/HEAD only; never escapes the folder.
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';

import type { Middleware } from 'koa';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

export function staticFiles(root: string, options: { skip: (path: string) => boolean }): Middleware {
  const base = path.resolve(root);
  return async (ctx, next) => {
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || options.skip(ctx.path)) return next();
    let relative: string;
    try {
      relative = decodeURIComponent(ctx.path);
    } catch {
      return next();
    }
    if (relative.endsWith('/')) relative += 'index.html';
    const file = path.resolve(base, `.${relative}`);
    if (file !== base && !file.startsWith(base + path.sep)) return next();
    const stat = await fs.stat(file).catch(() => undefined);
    if (!stat?.isFile()) return next();
    ctx.type = TYPES[path.extname(file)] ?? 'application/octet-stream';
    ctx.length = stat.size;
    // index.html must be re-read after a rebuild; hashed assets could be cached longer.
    ctx.set('Cache-Control', file.endsWith('.html') ? 'no-cache' : 'public, max-age=300');
    ctx.body = createReadStream(file); // Koa sends no body for HEAD
  };
}
