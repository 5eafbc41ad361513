// What every widget gives its components: its translator, the reader's locale and its stores. One
// context for all widgets, so the kit's components (states, tabs, money) serve each of them; a widget
// narrows it to its own table and stores (usePortal, useConsole).
import { createContext } from 'preact'
import { useContext } from 'preact/hooks'

/** The strings the kit's own components show; every widget's table has them. */
export type KitKey =
  | 'loading'
  | 'retry'
  | 'error'
  | 'error.network'
  | 'tabs'
  | 'auth.expired'
  | 'auth.invalid'
  | 'auth.hint'
  | 'auth.refresh'
  | 'auth.refreshing'
  | 'more'

export interface Widget<K extends string = KitKey, S = unknown> {
  t: (key: K, vars?: Record<string, string | number>) => string
  /** The resolved BCP 47 locale all numbers and dates are formatted in */
  locale: string
  stores: S
}

export const WidgetContext = createContext<Widget>(null as unknown as Widget)

/** The widget around a component, as its own type (the kit's components ask only for Widget). */
export const useWidget = <W extends Widget<any, any> = Widget>() => useContext(WidgetContext) as unknown as W
