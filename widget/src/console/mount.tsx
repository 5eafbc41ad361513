// mountConsole(): the program-manager console in a shadow root of any element. The custom element
// (<afflio-console>) and the npm entry both end here.
import { WidgetContext } from '../kit/context.ts'
import { resolveLocale, textDirection } from '../kit/format.ts'
import { mountWidget, type Theme, type ThemeMode, type WidgetHandle, type WidgetOptions } from '../kit/mount.tsx'
import { App } from './App.tsx'
import { type Messages, translator } from './messages.ts'
import { createConsoleStores } from './stores.ts'
import { css } from './styles.ts'

export type { Theme, ThemeMode }

export interface ConsoleOptions extends WidgetOptions<Messages> {
  /** A console token (`ct_…`) your backend minted with `afflio.consoleTokens.create({ manager })` */
  token: string
}

export type ConsoleHandle = WidgetHandle

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
  const locale = resolveLocale(options.locale)
  const app = (
    <WidgetContext.Provider value={{ t, stores, locale }}>
      <section aria-label={t('title')} dir={textDirection(locale)}>
        <App />
      </section>
    </WidgetContext.Provider>
  )
  return mountWidget(element, css, options.theme, app, { setToken: stores.session.setToken })
}
