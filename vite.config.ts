import { defineConfig } from 'vitest/config'

// One vitest run, three projects: the server on Node, the sdk and widget in happy-dom.
// Browser tests (*.browser.test.ts) drive Debian's Chromium and run in the node project.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'server',
          environment: 'node',
          include: ['server/src/**/*.test.ts', 'sdk/src/**/*.browser.test.ts', 'widget/src/**/*.browser.test.ts', 'demo-site/**/*.test.ts', 'docs/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'sdk',
          environment: 'happy-dom',
          include: ['sdk/src/**/*.test.ts'],
          exclude: ['sdk/src/**/*.browser.test.ts'],
        },
      },
      {
        oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
        test: {
          name: 'widget',
          environment: 'happy-dom',
          include: ['widget/src/**/*.test.{ts,tsx}'],
          exclude: ['widget/src/**/*.browser.test.ts'],
        },
      },
    ],
  },
})
