// Dev-only: builds preview/preview.html (the app answered from the real core's recorded answers, replay.ts) into /tmp, never into ui/dist.
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import { freezeSafeEcharts } from '../vite-plugins'
import { resolve } from 'node:path'
import { intlifyFlags } from '../vite.config'

export default defineConfig({
  root: resolve(__dirname),
  base: './',
  plugins: [vue(), freezeSafeEcharts()],
  define: intlifyFlags,
  build: {
    outDir: '/tmp/coopbook-preview',
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: { input: resolve(__dirname, 'preview.html') },
  },
  preview: { host: '127.0.0.1', port: 4319, strictPort: true },
})
