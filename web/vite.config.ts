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

/**
 * boot.js, the one script that must run before the first paint, as a file: the app shell's CSP
 * (src/http/security-headers.ts) refuses inline scripts. Emitted under a content hash beside the
 * bundles (so it is cached for good and precached by sw.js) and put where index.html marks it.
 */
function bootScript(): Plugin {
  const source = fs.readFileSync(new URL('./boot.js', import.meta.url), 'utf8');
  const fileName = `app-assets/boot-${crypto.createHash('sha256').update(source).digest('hex').slice(0, 10)}.js`;
  const marker = /<!-- boot\.js[^>]*-->/;
  let building = false;
  return {
    name: 'sirb-boot-script',
    configResolved(config) {
      building = config.command === 'build';
    },
    buildStart() {
      if (building) this.emitFile({ type: 'asset', fileName, source });
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (!marker.test(html)) throw new Error('index.html lost its boot.js marker');
        // The dev server sends no CSP, and has no emitted files: the script goes in as it is.
        const tag = ctx.server ? `<script>${source}</script>` : `<script src="/${fileName}"></script>`;
        return html.replace(marker, tag);
      },
    },
  };
}

// `vite build --ssr src/entry-server.tsx` (scripts/build-web.mjs) builds the server's render of
// home into dist-ssr: for Node, next to (not inside) the files the server hands out.
export default defineConfig(({ isSsrBuild }) => ({
  root,
  base: '/',
  plugins: isSsrBuild ? [react()] : [react(), bootScript(), serviceWorker()],
  build: isSsrBuild
    ? { outDir: 'dist-ssr', emptyOutDir: true, copyPublicDir: false, sourcemap: false, target: 'node24', reportCompressedSize: false }
    : {
    outDir: 'dist',
    emptyOutDir: true,
    // /assets/ belongs to the server (default avatars); ours live apart so neither shadows the other.
    assetsDir: 'app-assets',
    sourcemap: false,
    target: 'es2022',
    reportCompressedSize: false,
    // Every browser the es2022 target runs on supports <link rel=modulepreload> (Chromium 66,
    // Firefox 115, Safari 17): the polyfill would only add to the first load.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      output: {
        // Everything a first load runs stays in the one entry file. Without this, each lazily loaded
        // page pulls the modules it shares with the entry (React, i18n, the API client) out into
        // extra common chunks that a first load must then fetch too (more files, worse compression).
        codeSplitting: { groups: [{ name: 'index', tags: ['$initial'] }] },
      },
    },
      },
  server: {
    // `npx vite web` during development: the API is the Sirb server on :3000 (or SIRB_API).
    proxy: Object.fromEntries(
      ['/api', '/oauth', '/assets'].map((p) => [p, { target: process.env.SIRB_API ?? 'http://localhost:3000', changeOrigin: false, ws: p === '/api' }]),
    ),
  },
}));
