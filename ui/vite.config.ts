import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'
import { freezeSafeEcharts } from './vite-plugins'

// The app runs under CSP `script-src 'self'` (no eval): vue-i18n compiles messages just in time
// to an AST and never builds functions from strings.
export const intlifyFlags = {
  __VUE_I18N_FULL_INSTALL__: 'true',
  __VUE_I18N_LEGACY_API__: 'false',
  __INTLIFY_PROD_DEVTOOLS__: 'false',
  __INTLIFY_JIT_COMPILATION__: 'true',
  __INTLIFY_DROP_MESSAGE_COMPILER__: 'false',
  __VUE_OPTIONS_API__: 'false',
  __VUE_PROD_DEVTOOLS__: 'false',
  __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
}

export default defineConfig({
  plugins: [vue(), freezeSafeEcharts()],
  base: './',
  clearScreen: false,
  define: intlifyFlags,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2021',
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        manualChunks(id) {
          if (id.includes('node_modules/echarts') || id.includes('node_modules/zrender')) return 'echarts'
          if (id.includes('node_modules/element-plus') || id.includes('node_modules/@element-plus')) return 'element-plus'
          if (id.includes('node_modules/pinyin-pro')) return 'pinyin'
          return undefined
        },
      },
    },
  },
  // the in-app help bundles ../docs/manual*.md and its pictures, outside the UI's folder
  server: { host: '127.0.0.1', strictPort: true, port: 5173, fs: { allow: ['..'] } },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'preview/**/*.test.ts'],
  },
})
