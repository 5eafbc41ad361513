// A widget in a shadow root of any element: its stylesheet and theme (shell.ts), its app rendered
// there with focus kept when a write removes the focused control (focus.ts), and a handle to unmount it.
// Mounting again into the same element replaces the widget there (and its state). Each widget's mount()
// and custom element end here.
import { render, type VNode } from 'preact'
import { keepFocus } from './focus.ts'
import { shell, type Theme, type ThemeMode } from './shell.ts'

export type { Theme, ThemeMode }

interface Handle {
  unmount(): void
}

/** What every token-holding widget (portal, console) is mounted with; `M` is its string table. */
export interface WidgetOptions<M> {
  /** The widget's token, minted by your backend */
  token: string
  /** Your Afflio server, e.g. https://affiliates.example.com */
  baseUrl: string
  /** Return a new token when the current one expires (ask your backend); the widget retries with it */
  onTokenExpired?: () => Promise<string>
  /** A mode, or colours and shape; CSS custom properties on the element work too */
  theme?: ThemeMode | Theme
  /** BCP 47 locale for numbers and dates; default: the browser's */
  locale?: string
  /** Replacements for some or all of the English strings */
  messages?: Partial<M>
  fetch?: typeof fetch
}

/** A mounted token-holding widget. */
export interface WidgetHandle extends Handle {
  /** Hands the widget a new token: it leaves any expired state and loads again. */
  setToken(token: string): void
}

const mounted = new WeakMap<Element, Handle>()

/** Renders `app` in `element`'s shadow root; the handle is `extra` plus unmount(). */
export function mountWidget<X extends object>(element: Element, css: string, theme: ThemeMode | Theme | undefined, app: VNode, extra: X): X & Handle {
  mounted.get(element)?.unmount()
  const { shadow, root } = shell(element, css, theme)
  const stopFocus = keepFocus(shadow)
  render(app, root)
  const handle: X & Handle = {
    ...extra,
    unmount: () => {
      if (mounted.get(element) !== handle) return
      mounted.delete(element)
      stopFocus()
      render(null, root)
      shadow.replaceChildren()
    },
  }
  mounted.set(element, handle)
  return handle
}
