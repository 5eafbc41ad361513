import { useState } from 'preact/hooks'

/** A component's own value in a box: reading `.value` gives it, setting `.value` re-renders. */
export interface Value<T> {
  value: T
}

/**
 * Component-local state with the `.value` shape the views use. It replaced @preact/signals'
 * `useSignal`, the only part of that library the widgets used: the signals runtime cost 2.8 KB of
 * the portal's 30 KB gzip budget for what `useState` already does.
 */
export function useValue<T>(initial: T): Value<T> {
  const [, rerender] = useState(0)
  const [box] = useState(() => {
    let current = initial
    return {
      get value() {
        return current
      },
      set value(next: T) {
        if (Object.is(next, current)) return
        current = next
        rerender((n) => n + 1)
      },
    }
  })
  return box
}
