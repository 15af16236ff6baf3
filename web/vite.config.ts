// The web app is built into web/dist and served by the Sirb server itself at `/`:
// the server hands out files under /app-assets/ as they are and falls back to index.html for
// every other page path, so the router below owns /, /@user, /tags/x and so on.
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import crypto from 'node:crypto';

const root = fileURLToPath(new URL('.', import.meta.url));

/** Emits sw.js with this build's id and file list, so each build gets its own offline cache. */
function serviceWorker(): Plugin {
  return {
    name: 'sirb-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      // woff2 is enough for every browser that runs service workers; .woff stays uncached.
      const files = Object.keys(bundle).filter((f) => f.startsWith('app-assets/') && !f.endsWith('.woff')).sort();
      const build = crypto.createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 12);
      const source = fs
        .readFileSync(new URL('./sw.js', import.meta.url), 'utf8')
        .replace("'__SIRB_BUILD__'", JSON.stringify(build))
        .replace('__SIRB_PRECACHE__', JSON.stringify(files.map((f) => `/${f}`)));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}

export default defineConfig({
  root,
  base: '/',
  plugins: [react(), serviceWorker()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // /assets/ belongs to the server (default avatars); ours live apart so neither shadows the other.
    assetsDir: 'app-assets',
    sourcemap: false,
    target: 'es2022',
    reportCompressedSize: false,
  },
  server: {
    // `npx vite web` during development: the API is the Sirb server on :3000 (or SIRB_API).
    proxy: Object.fromEntries(
      ['/api', '/oauth', '/assets'].map((p) => [p, { target: process.env.SIRB_API ?? 'http://localhost:3000', changeOrigin: false, ws: p === '/api' }]),
    ),
  },
});
