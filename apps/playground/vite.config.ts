import { defaultClientConditions, defineConfig } from "vite";

// Cross-origin isolation makes SharedArrayBuffer available, which the Wasm
// backend needs for its worker threads.
const isolation = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};

export default defineConfig({
  // Workspace packages are read from their TypeScript sources, like the tests do.
  resolve: { conditions: ["source", ...defaultClientConditions] },
  server: { host: "127.0.0.1", headers: isolation },
  preview: { host: "127.0.0.1", headers: isolation },
  worker: { format: "es" },
  build: { target: "es2022", chunkSizeWarningLimit: 1500 },
});
