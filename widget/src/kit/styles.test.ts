// The themes' colours, read from the stylesheet as shipped: text on the accent (buttons, counts) must
// read at WCAG AA's 4.5:1 in the light and the dark theme, with the defaults (no --afflio-* set).
import { describe, expect, test } from 'vitest'
import { css as consoleCss } from '../console/styles.ts'
import { css } from './styles.ts'

/** The custom properties a rule sets, e.g. of `.root{…}` */
const props = (sheet: string, selector: string) => {
  const body = sheet.slice(sheet.indexOf(`${selector}{`) + selector.length + 1)
  return Object.fromEntries([...body.slice(0, body.indexOf('}')).matchAll(/(--[\w-]+):([^;}]+)/g)].map((m) => [m[1]!, m[2]!.trim()]))
}
/** A value with var(--x) resolved in `vars`, and var(--afflio-…, fallback) as the fallback (the host set nothing) */
const resolve = (value: string, vars: Record<string, string>): string => {
  const m = /^var\((--[\w-]+)(?:,(.+))?\)$/.exec(value.trim())
  if (!m) return value.trim()
  return resolve(m[1]!.startsWith('--afflio-') ? m[2]! : vars[m[1]!]!, vars)
}
/** A declaration of the rule for `selector` ("color" of ".btn") */
const decl = (sheet: string, selector: string, name: string) => new RegExp(`(?:^|\\n)${selector.replace('.', '\\.')}\\{(?:[^}]*?;)?${name}:([^;}]+)`).exec(sheet)?.[1]

const luminance = (hex: string) => {
  const h = hex.replace('#', '')
  const full = h.length === 3 ? [...h].map((c) => c + c).join('') : h
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(full.slice(i, i + 2), 16) / 255
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (hi! + 0.05) / (lo! + 0.05)
}

describe('theme colours', () => {
  const light = props(css, '.root')
  const themes = { light, dark: { ...light, ...props(css, '.root[data-theme=dark]') } }
  test.each(Object.entries(themes))('%s: text on the accent reads at 4.5:1 (buttons, counts)', (_, vars) => {
    for (const [sheet, selector] of [[css, '.btn'], [css, '.n'], [consoleCss, '.count']] as const) {
      const fg = resolve(decl(sheet, selector, 'color')!, vars)
      const bg = resolve(decl(sheet, selector, 'background')!, vars)
      expect(contrast(fg, bg), `${selector}: ${fg} on ${bg}`).toBeGreaterThanOrEqual(4.5)
      // and the button itself stands out from the page (WCAG's 3:1 for a control)
      expect(contrast(bg, resolve(vars['--bg']!, vars)), `${selector}: ${bg} on the page`).toBeGreaterThanOrEqual(3)
    }
  })
  test('the checker: white on the dark theme’s #818cf8 is about 3:1; black on white 21:1', () => {
    expect(contrast('#fff', '#818cf8')).toBeCloseTo(2.98, 1)
    expect(contrast('#000', '#fff')).toBeCloseTo(21, 5)
  })
})
