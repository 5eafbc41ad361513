// The portal: a header, the session's state when the token is not accepted, else the tabs. The
// onboarding checklist comes first while an approved partner has steps left; Messages carries the
// unread count.
import type { JSX } from 'preact'
import { useRef } from 'preact/hooks'
import { usePortal } from './context.ts'
import type { MessageKey } from './messages.ts'
import { useStore } from './ui/use-store.ts'
import { Challenges } from './views/Challenges.tsx'
import { Commissions } from './views/Commissions.tsx'
import { Deals } from './views/Deals.tsx'
import { Links } from './views/Links.tsx'
import { Messages } from './views/Messages.tsx'
import { Onboarding } from './views/Onboarding.tsx'
import { Overview } from './views/Overview.tsx'
import { Payouts } from './views/Payouts.tsx'
import { Resources } from './views/Resources.tsx'

const TABS = { overview: Overview, links: Links, commissions: Commissions, payouts: Payouts, messages: Messages, deals: Deals, challenges: Challenges, resources: Resources, onboarding: Onboarding }
type Tab = keyof typeof TABS
const REST = Object.keys(TABS).slice(0, -1) as Tab[]

export function App() {
  const { t, stores } = usePortal()
  const auth = useStore(stores.session.$auth)
  const me = useStore(stores.me.$).data
  const chosen = useStore(stores.tab) as Tab | null
  const ob = useStore(stores.onboarding.$)
  const unread = useStore(stores.messages.$).data?.unreadCount
  const list = useRef<HTMLDivElement>(null)
  // Once first, the checklist stays first for the visit (finishing it must not move the tab away).
  const first = useRef(false)
  if (me?.partner.status === 'approved' && ob.data && ob.data.total > 0 && !ob.data.complete) first.current = true

  if (auth !== 'ok') return <AuthProblem />

  const names: Tab[] = first.current ? ['onboarding', ...REST] : ob.data?.total || (ob.error && !ob.data) ? [...REST, 'onboarding'] : REST
  const tab = chosen && names.includes(chosen) ? chosen : names[0]!
  // Arrow keys move between tabs (and select them), Home and End jump to the ends.
  const onKey = (e: JSX.TargetedKeyboardEvent<HTMLDivElement>) => {
    const now = stores.tab.get() as Tab | null // may be ahead of this render (keys pressed in a row)
    const i = names.indexOf(now && names.includes(now) ? now : tab)
    const n = names.length
    const to = { ArrowRight: i + 1, ArrowLeft: i - 1 + n, Home: 0, End: n - 1 }[e.key]
    if (to === undefined) return
    e.preventDefault()
    const next = names[to % n]!
    stores.tab.set(next)
    list.current?.querySelector<HTMLElement>(`#t-${next}`)?.focus()
  }
  const View = TABS[tab]

  return (
    <>
      <div class="head">
        <h2>{me?.program.name ?? t('title')}</h2>
        {me && <span class="mut">{me.partner.name ?? me.partner.email}</span>}
      </div>
      <div role="tablist" aria-label={t('tabs')} ref={list} onKeyDown={onKey}>
        {names.map((name) => {
          const label = t(`tab.${name}` as MessageKey)
          const n = name === 'messages' ? unread : 0
          return (
            <button
              type="button"
              role="tab"
              id={`t-${name}`}
              aria-controls={tab === name ? `p-${name}` : undefined}
              aria-selected={tab === name}
              aria-label={n ? t('tab.unread', { name: label, n }) : undefined}
              tabIndex={tab === name ? 0 : -1}
              onClick={() => stores.tab.set(name)}
            >
              {label}
              {n ? (
                <span class="n" aria-hidden="true">
                  {n}
                </span>
              ) : null}
            </button>
          )
        })}
      </div>
      <div role="tabpanel" id={`p-${tab}`} aria-labelledby={`t-${tab}`} tabIndex={0}>
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
