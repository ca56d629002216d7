import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The built app is served by the duet binary (web/dist); `npm run dev` proxies the API to it.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1500 },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', ws: true },
      '/healthz': 'http://127.0.0.1:8080',
    },
  },
});
