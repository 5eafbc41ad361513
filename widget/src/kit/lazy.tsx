// A view whose code is loaded when it is first shown: `lazy(() => import('./views/Rules.tsx'), 'Rules')`.
// The script-tag bundles ship only the first screen in their entry; every other tab is a chunk next to
// it in dist/, fetched on first use (relative to the entry script's URL). Until the chunk is in, the
// view shows the kit's loading state; if it cannot be fetched, the kit's failed state with a retry.
import type { JSX } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { Failed, Loading } from './states.tsx'

type View = () => JSX.Element

/** A component that renders the `name` export of the module `load` imports, once it is loaded. */
export function lazy<N extends string>(load: () => Promise<Record<N, View>>, name: N): View {
  let loaded: View | undefined
  let pending: Promise<View> | undefined
  const fetchView = () => (pending ??= load().then((m) => (loaded = m[name]), (e: unknown) => ((pending = undefined), Promise.reject(e))))
  return function Lazy() {
    const [, rerender] = useState(0)
    const [error, setError] = useState<unknown>()
    useEffect(() => {
      if (!loaded && !error) fetchView().then(() => rerender((n) => n + 1), setError)
    }, [error])
    if (loaded) {
      const View = loaded
      return <View />
    }
    return error ? <Failed error={error} retry={() => setError(undefined)} /> : <Loading />
  }
}
