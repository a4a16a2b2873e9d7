import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import { fileURLToPath } from "node:url";
import { precompress } from "../../tools/precompress.ts";

const root = fileURLToPath(new URL(".", import.meta.url));

// The Tandem server serves dist/ at / with an SPA fallback; in dev, /api goes to a local server.
export default defineConfig({
  root,
  base: "/",
  plugins: [react(), precompress()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    chunkSizeWarningLimit: 400,
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: { "/api": { target: "http://127.0.0.1:3000", changeOrigin: false } },
  },
});
