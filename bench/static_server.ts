import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
};

/**
 * A static file server on 127.0.0.1 for the reference runtimes' pages: each URL prefix
 * maps to one folder, nothing outside the folders is served, and every response is
 * cross-origin isolated (COOP/COEP), which the threaded WASM builds need.
 */
export async function serveFolders(
  mounts: Record<string, string>,
  port = 0,
): Promise<{ server: Server; origin: string }> {
  const roots = Object.entries(mounts).map(([prefix, folder]) => [
    prefix,
    resolve(folder),
  ]);
  const server = createServer((request, response) => {
    response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    response.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    response.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    const path = decodeURIComponent((request.url ?? '/').split('?')[0]);
    const mount = roots.find(([prefix]) => path.startsWith(prefix));
    if (!mount) {
      response.statusCode = 404;
      return response.end();
    }
    const [prefix, root] = mount;
    let file = resolve(root, path.slice(prefix.length));
    if (file !== root && !file.startsWith(root + sep)) {
      response.statusCode = 403;
      return response.end();
    }
    try {
      if (statSync(file).isDirectory()) file = resolve(file, 'index.html');
      const size = statSync(file).size;
      response.setHeader('Content-Length', String(size));
      response.setHeader(
        'Content-Type',
        CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      );
      createReadStream(file).pipe(response);
    } catch {
      response.statusCode = 404;
      response.end();
    }
  });
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
  const address = server.address();
  if (!address || typeof address === 'string')
    throw new Error('the static server has no port');
  return { server, origin: `http://127.0.0.1:${address.port}` };
}
