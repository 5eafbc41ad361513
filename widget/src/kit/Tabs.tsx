// A tablist and its panel, by the ARIA tabs pattern: arrow keys move between tabs (and select them),
// Home and End jump to the ends; only the selected tab is in the tab order.
import type { ComponentChildren, JSX } from 'preact'
import { useRef } from 'preact/hooks'
import { useWidget } from './context.ts'

export function Tabs<N extends string>({
  names,
  selected,
  current = () => selected,
  select,
  label,
  badge,
  children,
}: {
  names: readonly N[]
  selected: N
  /** The selected tab now, which may be ahead of this render (keys pressed in a row) */
  current?: () => N
  select: (name: N) => void
  label: (name: N) => string
  /** A count shown on the tab (unread messages, say), and the tab's accessible name with it */
  badge?: (name: N) => { n: number; label: string } | undefined
  children: ComponentChildren
}) {
  const { t } = useWidget()
  const list = useRef<HTMLDivElement>(null)
  const onKey = (e: JSX.TargetedKeyboardEvent<HTMLDivElement>) => {
    const now = current()
    const i = names.indexOf(names.includes(now) ? now : selected)
    const n = names.length
    // Right to left, the next tab is the one on the left
    const [forward, back] = getComputedStyle(e.currentTarget).direction === 'rtl' ? ['ArrowLeft', 'ArrowRight'] : ['ArrowRight', 'ArrowLeft']
    const to = { [forward]: i + 1, [back]: i - 1 + n, Home: 0, End: n - 1 }[e.key]
    if (to === undefined) return
    e.preventDefault()
    const next = names[to % n]!
    select(next)
    list.current?.querySelector<HTMLElement>(`#t-${next}`)?.focus()
  }
  return (
    <>
      <div role="tablist" aria-label={t('tabs')} ref={list} onKeyDown={onKey}>
        {names.map((name) => {
          const b = badge?.(name)
          return (
            <button
              type="button"
              role="tab"
              id={`t-${name}`}
              aria-controls={selected === name ? `p-${name}` : undefined}
              aria-selected={selected === name}
              aria-label={b?.label}
              tabIndex={selected === name ? 0 : -1}
              onClick={() => select(name)}
            >
              {label(name)}
              {b ? (
                <span class="n" aria-hidden="true">
                  {b.n}
                </span>
              ) : null}
            </button>
          )
        })}
      </div>
      <div role="tabpanel" id={`p-${selected}`} aria-labelledby={`t-${selected}`} tabIndex={0}>
        {children}
      </div>
    </>
  )
}
