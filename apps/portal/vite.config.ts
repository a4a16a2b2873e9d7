import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import { fileURLToPath } from "node:url";
import { precompress } from "../../tools/precompress.ts";

const root = fileURLToPath(new URL(".", import.meta.url));

// The Tandem server serves dist/ at /portal/ (apps/server/src/platform/static.ts); in dev, /api goes to a local server.
export default defineConfig({
  root,
  base: "/portal/",
  plugins: [react(), precompress()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // The portal is opened on phones over mobile data: keep it one small bundle (≤ 100 KB gzipped).
    chunkSizeWarningLimit: 250,
  },
  server: {
    port: 5174,
    strictPort: true,
    proxy: { "/api": { target: "http://127.0.0.1:3000", changeOrigin: false } },
  },
});
