import { configDefaults, defineConfig } from 'vitest/config'

// One vitest run, four projects: the server on Node, the sdk and widget in happy-dom, and the
// real-browser tests (*.browser.test.ts) on Node driving Chromium, which their global setup finds
// (server/src/testing-browser.ts) or, failing that, skips them with one line.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'server',
          environment: 'node',
          // sdk/pack.test.ts: both packages packed, installed and used from Node, tsc and vite.
          include: ['server/src/**/*.test.ts', 'sdk/pack.test.ts', 'demo-site/**/*.test.ts', 'docs/**/*.test.ts'],
          exclude: [...configDefaults.exclude, '**/*.browser.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'browser',
          environment: 'node',
          include: ['sdk/src/**/*.browser.test.ts', 'widget/src/**/*.browser.test.ts', 'demo-site/**/*.browser.test.ts'],
          globalSetup: ['server/src/testing-browser-setup.ts'],
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
          setupFiles: ['widget/src/testing/happy-dom-focus.ts'],
          include: ['widget/src/**/*.test.{ts,tsx}'],
          exclude: ['widget/src/**/*.browser.test.ts'],
        },
      },
    ],
  },
})
