// "Load more" under a list whose first page came with other data (a partner's payout history): the
// next page is its caller's to fetch and append; a failure says so beside the button.
import { useState } from 'preact/hooks'
import { useWidget } from './context.ts'

export function MoreButton({ onMore }: { onMore: () => Promise<void> }) {
  const { t } = useWidget()
  const [busy, setBusy] = useState(false)
  const [failed, setFailed] = useState(false)
  const more = async () => {
    setBusy(true)
    setFailed(false)
    try {
      await onMore()
    } catch {
      setFailed(true)
    } finally {
      setBusy(false)
    }
  }
  return (
    <div class="bar-top" aria-busy={busy}>
      <button type="button" class="btn alt" disabled={busy} onClick={more}>
        {t('more')}
      </button>
      {failed && <p class="err" role="alert">{t('error')}</p>}
    </div>
  )
}
