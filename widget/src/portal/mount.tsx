// mount(): the portal in a shadow root of any element. The custom element and the npm entry both
// end here.
import { WidgetContext } from '../kit/context.ts'
import { resolveLocale, textDirection } from '../kit/format.ts'
import { mountWidget, type Theme, type ThemeMode, type WidgetHandle, type WidgetOptions } from '../kit/mount.tsx'
import { css } from '../kit/styles.ts'
import { useStore } from '../kit/use-store.ts'
import { App } from './App.tsx'
import { type Messages, translator } from './messages.ts'
import { createStores } from './stores/index.ts'

export type { Theme, ThemeMode }

export interface MountOptions extends WidgetOptions<Messages> {
  /** An embed token (`et_…`) your backend minted with POST /v1/embed-tokens */
  token: string
  /** BCP 47 locale for numbers and dates; default: the token's locale hint, then the browser's */
  locale?: string
}

export type PortalHandle = WidgetHandle

/**
 * Renders the partner portal inside `element`'s shadow root.
 *
 * @example
 * const portal = mount(document.getElementById('partners')!, {
 *   token, baseUrl: 'https://affiliates.example.com',
 *   onTokenExpired: () => fetch('/api/afflio-token').then((r) => r.json()).then((b) => b.token),
 *   theme: { mode: 'auto', accent: '#0a7' },
 * })
 */
export function mount(element: Element, options: MountOptions): PortalHandle {
  const stores = createStores(options)
  const t = translator(options.messages)
  return mountWidget(element, css, options.theme, <Root stores={stores} t={t} locale={options.locale} />, { setToken: stores.session.setToken })
}

function Root({ stores, t, locale }: { stores: ReturnType<typeof createStores>; t: ReturnType<typeof translator>; locale?: string | undefined }) {
  const resolved = resolveLocale(locale ?? useStore(stores.me.$).data?.locale)
  return (
    <WidgetContext.Provider value={{ t, stores, locale: resolved }}>
      <section aria-label={t('title')} dir={textDirection(resolved)}>
        <App />
      </section>
    </WidgetContext.Provider>
  )
}
