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

// One constructed sheet per stylesheet text, shared by every widget on the page that uses it.
const sheets = new Map<string, CSSStyleSheet>()

/**
 * The stylesheet as a constructed sheet to adopt: a host's Content-Security-Policy without
 * 'unsafe-inline' in style-src (a common hardening) blocks a <style> element, even in a shadow root,
 * and the widget would show unstyled; adopted sheets are not inline styles. Null where the browser
 * cannot construct one (then a <style> element, as before).
 */
function constructed(css: string): CSSStyleSheet | null {
  try {
    let sheet = sheets.get(css)
    if (!sheet) {
      sheet = new CSSStyleSheet()
      sheet.replaceSync(css)
      sheets.set(css, sheet)
    }
    return sheet
  } catch {
    return null
  }
}

/** Empties `element`'s shadow root (attaching one if needed) and returns the themed element to render into. */
export function shell(element: Element, css: string, theme: ThemeMode | Theme | undefined): { shadow: ShadowRoot; root: HTMLDivElement } {
  const shadow = element.shadowRoot ?? element.attachShadow({ mode: 'open' })
  const root = document.createElement('div')
  root.className = 'root'
  const sheet = 'adoptedStyleSheets' in shadow ? constructed(css) : null
  if (sheet) {
    shadow.adoptedStyleSheets = [sheet]
    shadow.replaceChildren(root)
  } else {
    const style = document.createElement('style')
    style.textContent = css
    shadow.replaceChildren(style, root)
  }
  const t: Theme = typeof theme === 'string' ? { mode: theme } : (theme ?? {})
  root.dataset.theme = t.mode ?? 'auto'
  for (const k of ['accent', 'radius', 'font'] as const) if (t[k]) root.style.setProperty(`--afflio-${k}`, t[k])
  return { shadow, root }
}
