// The web app is built into web/dist and served by the Sirb server itself at `/`:
// the server hands out files under /app-assets/ as they are and falls back to index.html for
// every other page path, so the router below owns /, /@user, /tags/x and so on.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
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
