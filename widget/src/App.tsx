// The portal: a header, the session's state when the token is not accepted, else four tabs.
import { useSignal } from '@preact/signals'
import type { JSX } from 'preact'
import { useRef } from 'preact/hooks'
import { usePortal } from './context.ts'
import type { MessageKey } from './messages.ts'
import { useStore } from './ui/use-store.ts'
import { Commissions } from './views/Commissions.tsx'
import { Links } from './views/Links.tsx'
import { Overview } from './views/Overview.tsx'
import { Payouts } from './views/Payouts.tsx'

const TABS = { overview: Overview, links: Links, commissions: Commissions, payouts: Payouts }
type Tab = keyof typeof TABS
const NAMES = Object.keys(TABS) as Tab[]

export function App() {
  const { t, stores } = usePortal()
  const auth = useStore(stores.session.$auth)
  const me = useStore(stores.me.$).data
  const tab = useSignal<Tab>('overview')
  const list = useRef<HTMLDivElement>(null)

  if (auth !== 'ok') return <AuthProblem />

  // Arrow keys move between tabs (and select them), Home and End jump to the ends.
  const onKey = (e: JSX.TargetedKeyboardEvent<HTMLDivElement>) => {
    const i = NAMES.indexOf(tab.value)
    const n = NAMES.length
    const to = { ArrowRight: i + 1, ArrowLeft: i - 1 + n, Home: 0, End: n - 1 }[e.key]
    if (to === undefined) return
    e.preventDefault()
    tab.value = NAMES[to % n]!
    list.current?.querySelector<HTMLElement>(`#t-${tab.value}`)?.focus()
  }
  const View = TABS[tab.value]

  return (
    <>
      <div class="head">
        <h2>{me?.program.name ?? t('title')}</h2>
        {me && <span class="mut">{me.partner.name ?? me.partner.email}</span>}
      </div>
      <div role="tablist" aria-label={t('tabs')} ref={list} onKeyDown={onKey}>
        {NAMES.map((name) => (
          <button
            type="button"
            role="tab"
            id={`t-${name}`}
            aria-controls={tab.value === name ? `p-${name}` : undefined}
            aria-selected={tab.value === name}
            tabIndex={tab.value === name ? 0 : -1}
            onClick={() => (tab.value = name)}
          >
            {t(`tab.${name}` as MessageKey)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`p-${tab.value}`} aria-labelledby={`t-${tab.value}`} tabIndex={0}>
        <View />
      </div>
    </>
  )
}

function AuthProblem() {
  const { t, stores } = usePortal()
  const auth = useStore(stores.session.$auth)
  const busy = auth === 'refreshing'
  return (
    <div class="state" role="alert">
      <p class="err">{t(auth === 'invalid' ? 'auth.invalid' : 'auth.expired')}</p>
      <p>{t(busy ? 'auth.refreshing' : 'auth.hint')}</p>
      <button type="button" class="btn" disabled={busy} onClick={() => void stores.session.refresh()}>
        {t('auth.refresh')}
      </button>
    </div>
  )
}
