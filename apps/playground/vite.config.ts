import { defineConfig } from 'vite'

// Relative asset paths (base './'), so that the built site works from any folder of any static
// host; the training worker is an ES module like the page.
export default defineConfig({
  base: './',
  worker: { format: 'es' },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
})
