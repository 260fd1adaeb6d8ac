import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// Unit tests of plain functions (app/utils); no Nuxt environment needed.
export default defineConfig({
  resolve: {
    alias: { '~': fileURLToPath(new URL('./app', import.meta.url)) }
  },
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node'
  }
})
