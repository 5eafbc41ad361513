// A widget in a shadow root of any element: its stylesheet and theme (shell.ts), its app rendered
// there, and a handle to unmount it. Mounting again into the same element replaces the widget there
// (and its state). Each widget's mount() and custom element end here.
import { render, type VNode } from 'preact'
import { shell, type Theme, type ThemeMode } from './shell.ts'

export type { Theme, ThemeMode }

interface Handle {
  unmount(): void
}

const mounted = new WeakMap<Element, Handle>()

/** Renders `app` in `element`'s shadow root; the handle is `extra` plus unmount(). */
export function mountWidget<X extends object>(element: Element, css: string, theme: ThemeMode | Theme | undefined, app: VNode, extra: X): X & Handle {
  mounted.get(element)?.unmount()
  const { shadow, root } = shell(element, css, theme)
  render(app, root)
  const handle: X & Handle = {
    ...extra,
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
