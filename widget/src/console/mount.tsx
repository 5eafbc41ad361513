// mountConsole(): the program-manager console in a shadow root of any element. The custom element
// (<afflio-console>) and the npm entry both end here.
import { WidgetContext } from '../kit/context.ts'
import { resolveLocale } from '../kit/format.ts'
import { mountWidget, type Theme, type ThemeMode } from '../kit/mount.tsx'
import { App } from './App.tsx'
import { type Messages, translator } from './messages.ts'
import { createConsoleStores } from './stores.ts'
import { css } from './styles.ts'

export type { Theme, ThemeMode }

export interface ConsoleOptions {
  /** A console token (`ct_…`) your backend minted with `afflio.consoleTokens.create({ manager })` */
  token: string
  /** Your Afflio server, e.g. https://affiliates.example.com */
  baseUrl: string
  /** Return a new token when the current one expires (ask your backend); the console retries with it */
  onTokenExpired?: () => Promise<string>
  /** A mode, or colours and shape; CSS custom properties on the element work too */
  theme?: ThemeMode | Theme
  /** BCP 47 locale for numbers and dates; default: the browser's */
  locale?: string
  /** Replacements for some or all of the English strings (see console/messages.ts) */
  messages?: Partial<Messages>
  fetch?: typeof fetch
}

export interface ConsoleHandle {
  /** Hands the console a new token: it leaves any expired state and loads again. */
  setToken(token: string): void
  unmount(): void
}

/**
 * Renders the program-manager console inside `element`'s shadow root.
 *
 * @example
 * const console = mountConsole(document.getElementById('afflio')!, {
 *   token, baseUrl: 'https://affiliates.example.com',
 *   onTokenExpired: () => fetch('/api/afflio-console-token').then((r) => r.json()).then((b) => b.token),
 * })
 */
export function mountConsole(element: Element, options: ConsoleOptions): ConsoleHandle {
  const stores = createConsoleStores(options)
  const t = translator(options.messages)
  const app = (
    <WidgetContext.Provider value={{ t, stores, locale: resolveLocale(options.locale) }}>
      <section aria-label={t('title')}>
        <App />
      </section>
    </WidgetContext.Provider>
  )
  return mountWidget(element, css, options.theme, app, { setToken: stores.session.setToken })
}
