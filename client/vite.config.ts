// The dashboard build: root is client/, output client/dist (served by the API at /).
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const api = 'http://127.0.0.1:4000';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Hashed file names let the API cache assets for a year (server/src/http/static.ts).
    assetsDir: 'assets',
    sourcemap: false,
  },
  server: {
    proxy: {
      '/graphql': { target: api, ws: true },
      '/api': { target: api },
      // The queue board and its sign-in (the session cookie is for /admin on this origin).
      '/admin': { target: api },
    },
  },
});
