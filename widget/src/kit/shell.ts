// The shadow root every Afflio widget renders in: its stylesheet, and a `.root` carrying the theme.
// Host-page CSS cannot reach inside, and nothing inside leaks out (see styles.ts). mount.tsx renders
// a widget in it.

export type ThemeMode = 'light' | 'dark' | 'auto'

export interface Theme {
  /** light, dark, or auto (the visitor's prefers-color-scheme; the default) */
  mode?: ThemeMode
  /** Any CSS color: buttons, the selected tab, chart bars. Same as the --afflio-accent property */
  accent?: string
  /** Corner radius, e.g. '4px'. Same as --afflio-radius */
  radius?: string
  /** A font-family list. Same as --afflio-font */
  font?: string
}

/** Empties `element`'s shadow root (attaching one if needed) and returns the themed element to render into. */
export function shell(element: Element, css: string, theme: ThemeMode | Theme | undefined): { shadow: ShadowRoot; root: HTMLDivElement } {
  const shadow = element.shadowRoot ?? element.attachShadow({ mode: 'open' })
  const style = document.createElement('style')
  style.textContent = css
  const root = document.createElement('div')
  root.className = 'root'
  shadow.replaceChildren(style, root)
  const t: Theme = typeof theme === 'string' ? { mode: theme } : (theme ?? {})
  root.dataset.theme = t.mode ?? 'auto'
  for (const k of ['accent', 'radius', 'font'] as const) if (t[k]) root.style.setProperty(`--afflio-${k}`, t[k])
  return { shadow, root }
}
