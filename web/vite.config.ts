import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** The dashboard: Preact + TSX through Vite's built-in oxc transform; built into web/dist, served by Parley at `/`. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  publicDir: 'public',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    assetsDir: 'assets',
    sourcemap: false,
    reportCompressedSize: false,
  },
  server: {
    // `npm run dev:web`: hot-reloading UI against a Parley started with `npm run dev` on :3000.
    proxy: { '/v1': { target: 'http://127.0.0.1:3000', ws: true }, '/docs': 'http://127.0.0.1:3000' },
  },
});
