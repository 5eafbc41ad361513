// The console: a header, the session's state when the token is not accepted, else one tab per area.
import type { JSX } from 'preact'
import { useRef } from 'preact/hooks'
import { useStore } from '../ui/use-store.ts'
import { useConsole } from './context.ts'
import type { MessageKey } from './messages.ts'
import { TABS, type Tab } from './stores.ts'
import { Activity } from './views/Activity.tsx'
import { Applications } from './views/Applications.tsx'
import { Challenges } from './views/Challenges.tsx'
import { Commissions } from './views/Commissions.tsx'
import { Deals } from './views/Deals.tsx'
import { Groups } from './views/Groups.tsx'
import { Messages } from './views/Messages.tsx'
import { Newsletters } from './views/Newsletters.tsx'
import { Onboarding } from './views/Onboarding.tsx'
import { Overview } from './views/Overview.tsx'
import { Partners } from './views/Partners.tsx'
import { Payouts } from './views/Payouts.tsx'
import { Recruitment } from './views/Recruitment.tsx'
import { Rules } from './views/Rules.tsx'
import { Segments } from './views/Segments.tsx'

const VIEWS: Record<Tab, () => JSX.Element> = {
  overview: Overview,
  applications: Applications,
  recruitment: Recruitment,
  partners: Partners,
  groups: Groups,
  rules: Rules,
  segments: Segments,
  onboarding: Onboarding,
  messages: Messages,
  newsletters: Newsletters,
  deals: Deals,
  challenges: Challenges,
  commissions: Commissions,
  payouts: Payouts,
  activity: Activity,
}

export function App() {
  const { t, stores } = useConsole()
  const auth = useStore(stores.session.$auth)
  const tab = useStore(stores.$tab)
  const list = useRef<HTMLDivElement>(null)

  if (auth !== 'ok') return <AuthProblem />

  // Arrow keys move between tabs (and select them), Home and End jump to the ends.
  const onKey = (e: JSX.TargetedKeyboardEvent<HTMLDivElement>) => {
    const i = TABS.indexOf(tab)
    const n = TABS.length
    const to = { ArrowRight: i + 1, ArrowLeft: i - 1 + n, Home: 0, End: n - 1 }[e.key]
    if (to === undefined) return
    e.preventDefault()
    const next = TABS[to % n]!
    stores.$tab.set(next)
    list.current?.querySelector<HTMLElement>(`#t-${next}`)?.focus()
  }
  const View = VIEWS[tab]

  return (
    <>
      <Head />
      <div role="tablist" aria-label={t('tabs')} ref={list} onKeyDown={onKey}>
        {TABS.map((name) => (
          <button
            type="button"
            role="tab"
            id={`t-${name}`}
            aria-controls={tab === name ? `p-${name}` : undefined}
            aria-selected={tab === name}
            tabIndex={tab === name ? 0 : -1}
            onClick={() => stores.$tab.set(name)}
          >
            {t(`tab.${name}` as MessageKey)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`p-${tab}`} aria-labelledby={`t-${tab}`} tabIndex={0}>
        <View />
      </div>
    </>
  )
}

function Head() {
  const { t, stores } = useConsole()
  const program = useStore(stores.program.$).data
  return (
    <div class="head">
      <h2>{program ? t('titleOf', { name: program.name }) : t('title')}</h2>
      {program && <span class="mut">{program.currency}</span>}
    </div>
  )
}

function AuthProblem() {
  const { t, stores } = useConsole()
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
