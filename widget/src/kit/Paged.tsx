// A paged list's frame: loading, failed, empty, or its items and a "Load more" button.
import type { ComponentChildren } from 'preact'
import { useWidget } from './context.ts'
import type { List, ListStore } from './paged.ts'
import { Empty, Failed, Loading } from './states.tsx'
import { useStore } from './use-store.ts'

export function Paged<I>({ store, empty, children }: { store: ListStore<I>; empty: string; children: (items: I[]) => ComponentChildren }) {
  const { t } = useWidget()
  const s: List<I> = useStore(store.$)
  if (!s.loaded) return s.error ? <Failed error={s.error} retry={store.run} /> : <Loading />
  if (s.items.length === 0) return s.error ? <Failed error={s.error} retry={store.run} /> : <Empty text={empty} />
  return (
    <div aria-busy={s.loading}>
      {children(s.items)}
      {s.error ? <p class="err" role="alert">{t('error')}</p> : null}
      {s.next && (
        <div class="bar-top">
          <button type="button" class="btn alt" disabled={s.loading} onClick={store.more}>
            {t('more')}
          </button>
        </div>
      )}
    </div>
  )
}
