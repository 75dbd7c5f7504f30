import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'web',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
    // The framework chunk (below) is ~580 kB before compression, ~180 kB brotli.
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
      output: {
        codeSplitting: {
          // Every page needs React, the router, TanStack Query and i18next: one file for them,
          // instead of six small shared chunks each a request on the first load.
          groups: [
            {
              name: 'framework',
              test: /node_modules[\\/](react|react-dom|scheduler|react-router|@tanstack|i18next|react-i18next|html-parse-stringify|void-elements|cookie|set-cookie-parser)[\\/]|web[\\/]src[\\/](i18n|lib)[\\/]/,
            },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': 'http://localhost:3000',
      '/docs': 'http://localhost:3000',
      // Live rooms: Socket.IO on the app's server, websocket included.
      '/socket.io': { target: 'http://localhost:3000', ws: true },
    },
  },
});
