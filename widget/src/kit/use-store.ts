import type { ReadableAtom } from 'nanostores'
import { useLayoutEffect, useState } from 'preact/hooks'

/** A nanostore's value in a component, re-rendering on change (a tiny @nanostores/preact). */
export function useStore<T>(store: ReadableAtom<T>): T {
  const value = store.get()
  const [, rerender] = useState(0)
  useLayoutEffect(() => {
    const update = () => rerender((n) => n + 1)
    const off = store.listen(update)
    // A change between this render and the subscription would otherwise be missed.
    if (store.get() !== value) update()
    return off
  }, [store])
  return value
}
