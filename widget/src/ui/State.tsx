// The three states every view has besides "ready": loading, empty and failed.
import { AfflioNetworkError } from '@afflio/sdk'
import { usePortal } from '../context.ts'

export function Loading() {
  return (
    <p class="state" role="status">
      {usePortal().t('loading')}
    </p>
  )
}

export function Empty({ text }: { text: string }) {
  return <p class="state">{text}</p>
}

export function Failed({ error, retry }: { error: unknown; retry: () => void }) {
  const { t } = usePortal()
  return (
    <div class="state" role="alert">
      <p class="err">{t(error instanceof AfflioNetworkError ? 'error.network' : 'error')}</p>
      <button type="button" class="btn alt" onClick={retry}>
        {t('retry')}
      </button>
    </div>
  )
}
