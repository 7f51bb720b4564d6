import { createReadStream, statSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import type { Connect, Plugin } from 'vite';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * Cross-origin isolation lets the WASM backend use threads (SharedArrayBuffer).
 * Both the dev and the preview server send these headers.
 */
const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * What the built page may do, and no more: its own scripts and workers (WASM compiled
 * from its own files; the threaded WASM runtime starts its helper workers from blob:
 * URLs, which then load the runtime's script from another blob: URL),
 * models fetched from https URLs the user pastes or from this origin, images and
 * camera frames as blob:/data:/mediastream:.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval' blob:",
  "worker-src 'self' blob:",
  "connect-src 'self' https: blob: data:",
  "img-src 'self' blob: data:",
  "media-src 'self' blob: mediastream:",
  "style-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Puts the policy into the built page as a meta tag (dev's HMR needs inline scripts). */
function contentSecurityPolicyMeta(): Plugin {
  return {
    name: 'studio-csp-meta',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: {
          'http-equiv': 'Content-Security-Policy',
          content: CONTENT_SECURITY_POLICY,
        },
        injectTo: 'head-prepend',
      },
    ],
  };
}

/**
 * Serves a local folder of test fixtures (models, photos) under /__shared/ when
 * STUDIO_SHARED_DIR is set. Tests and benchmarks use it to load real files through the
 * same URL path a user's pasted link takes; a normal start never sets it.
 */
function sharedFixtures(): Plugin {
  const root = process.env.STUDIO_SHARED_DIR
    ? resolve(process.env.STUDIO_SHARED_DIR)
    : null;
  const middleware: Connect.NextHandleFunction = (req, res, next) => {
    if (!root || !req.url?.startsWith('/__shared/')) return next();
    const relative = decodeURIComponent(req.url.slice('/__shared/'.length).split('?')[0]);
    const file = resolve(root, relative);
    if (!file.startsWith(root + sep)) {
      res.statusCode = 403;
      return res.end();
    }
    let size: number;
    try {
      const stat = statSync(file);
      if (!stat.isFile()) throw new Error('not a file');
      size = stat.size;
    } catch {
      res.statusCode = 404;
      return res.end();
    }
    res.setHeader('Content-Length', String(size));
    res.setHeader('Content-Type', 'application/octet-stream');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    createReadStream(file).pipe(res);
  };
  return {
    name: 'studio-shared-fixtures',
    configureServer: (server) => void server.middlewares.use(middleware),
    configurePreviewServer: (server) => void server.middlewares.use(middleware),
  };
}

export default defineConfig({
  root: 'app',
  publicDir: '../public',
  plugins: [react(), contentSecurityPolicyMeta(), sharedFixtures()],
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
  },
  worker: {
    format: 'es',
    // The threaded WASM runtime rebuilds its helper workers from the source text of
    // one of its functions; minifying renames the closure variables that text uses.
    rolldownOptions: { output: { minify: false } },
  },
  server: { port: 5173, headers: ISOLATION_HEADERS },
  preview: {
    port: 4173,
    headers: { ...ISOLATION_HEADERS, 'Content-Security-Policy': CONTENT_SECURITY_POLICY },
  },
});
