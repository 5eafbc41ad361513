// The states every view has besides "ready": loading, empty and failed; a loaded value or its state;
// and what a widget shows instead of its views when the server no longer accepts its token.
import { AfflioNetworkError } from '@afflio/sdk/portal'
import type { ComponentChildren } from 'preact'
import { useWidget } from './context.ts'
import type { Session } from './session.ts'
import { useStore } from './use-store.ts'

export function Loading() {
  return (
    <p class="state" role="status">
      {useWidget().t('loading')}
    </p>
  )
}

export function Empty({ text }: { text: string }) {
  return <p class="state">{text}</p>
}

export function Failed({ error, retry }: { error: unknown; retry: () => void }) {
  const { t } = useWidget()
  return (
    <div class="state" role="alert">
      <p class="err">{t(error instanceof AfflioNetworkError ? 'error.network' : 'error')}</p>
      <button type="button" class="btn alt" onClick={retry}>
        {t('retry')}
      </button>
    </div>
  )
}

/**
 * A loaded value or its state: loading, failed (with retry). A reload that failed shows the failure, not
 * the value from before: that answered another question (a previous period, the figures before a change)
 * and would read as this one's. As the portal's views do.
 */
export function Async<D>({ s, retry, children }: { s: { data?: D | undefined; error?: unknown }; retry: () => void; children: (data: D) => ComponentChildren }) {
  if (s.error) return <Failed error={s.error} retry={retry} />
  return s.data !== undefined ? <>{children(s.data)}</> : <Loading />
}

/** The token expired or was never valid: say so, and offer to sign in again (through the host). */
export function AuthProblem({ session }: { session: Pick<Session<unknown>, '$auth' | 'refresh'> }) {
  const { t } = useWidget()
  const auth = useStore(session.$auth)
  const busy = auth === 'refreshing'
  return (
    <div class="state" role="alert">
      <p class="err">{t(auth === 'invalid' ? 'auth.invalid' : 'auth.expired')}</p>
      <p>{t(busy ? 'auth.refreshing' : 'auth.hint')}</p>
      <button type="button" class="btn" disabled={busy} onClick={() => void session.refresh()}>
        {t('auth.refresh')}
      </button>
    </div>
  )
}
