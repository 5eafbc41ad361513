// mountConsole(): the program-manager console in a shadow root of any element. The custom element
// (<afflio-console>) and the npm entry both end here.
import { render } from 'preact'
import { resolveLocale } from '../format.ts'
import { App } from './App.tsx'
import { ConsoleContext } from './context.ts'
import { type Messages, translator } from './messages.ts'
import { createConsoleStores } from './stores.ts'
import { css } from './styles.ts'

export type ThemeMode = 'light' | 'dark' | 'auto'

export interface Theme {
  /** light, dark, or auto (the visitor's prefers-color-scheme; the default) */
  mode?: ThemeMode
  /** Any CSS color: buttons, the selected tab. Same as the --afflio-accent property */
  accent?: string
  /** Corner radius, e.g. '4px'. Same as --afflio-radius */
  radius?: string
  /** A font-family list. Same as --afflio-font */
  font?: string
}

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

/** Mounting again into the same element replaces the console there (and its state). */
const mounted = new WeakMap<Element, ConsoleHandle>()

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
  mounted.get(element)?.unmount()
  const shadow = element.shadowRoot ?? element.attachShadow({ mode: 'open' })
  const style = document.createElement('style')
  style.textContent = css
  const root = document.createElement('div')
  root.className = 'root'
  shadow.replaceChildren(style, root)

  const theme: Theme = typeof options.theme === 'string' ? { mode: options.theme } : (options.theme ?? {})
  root.dataset.theme = theme.mode ?? 'auto'
  for (const k of ['accent', 'radius', 'font'] as const) if (theme[k]) root.style.setProperty(`--afflio-${k}`, theme[k])

  const stores = createConsoleStores(options)
  const t = translator(options.messages)
  render(
    <ConsoleContext.Provider value={{ t, stores, locale: resolveLocale(options.locale) }}>
      <section aria-label={t('title')}>
        <App />
      </section>
    </ConsoleContext.Provider>,
    root,
  )
  const handle: ConsoleHandle = {
    setToken: stores.session.setToken,
    unmount: () => {
      if (mounted.get(element) !== handle) return
      mounted.delete(element)
      render(null, root)
      shadow.replaceChildren()
    },
  }
  mounted.set(element, handle)
  return handle
}
