// The console: a header, the session's state when the token is not accepted, else one tab per area.
import type { JSX } from 'preact'
import { lazy } from '../kit/lazy.tsx'
import { AuthProblem } from '../kit/states.tsx'
import { Tabs } from '../kit/Tabs.tsx'
import { useStore } from '../kit/use-store.ts'
import { useConsole } from './context.ts'
import type { MessageKey } from './messages.ts'
import { TABS, type Tab } from './stores.ts'
import { Overview } from './views/Overview.tsx'

// Overview is the first screen, in the entry; every other tab is a chunk loaded when first opened.
const VIEWS: Record<Tab, () => JSX.Element> = {
  overview: Overview,
  applications: lazy(() => import('./views/Applications.tsx'), 'Applications'),
  recruitment: lazy(() => import('./views/Recruitment.tsx'), 'Recruitment'),
  partners: lazy(() => import('./views/Partners.tsx'), 'Partners'),
  customers: lazy(() => import('./views/Customers.tsx'), 'Customers'),
  import: lazy(() => import('./views/Import.tsx'), 'Import'),
  groups: lazy(() => import('./views/Groups.tsx'), 'Groups'),
  rules: lazy(() => import('./views/Rules.tsx'), 'Rules'),
  budgets: lazy(() => import('./views/Budgets.tsx'), 'Budgets'),
  segments: lazy(() => import('./views/Segments.tsx'), 'Segments'),
  onboarding: lazy(() => import('./views/Onboarding.tsx'), 'Onboarding'),
  messages: lazy(() => import('./views/Messages.tsx'), 'Messages'),
  newsletters: lazy(() => import('./views/Newsletters.tsx'), 'Newsletters'),
  deals: lazy(() => import('./views/Deals.tsx'), 'Deals'),
  claims: lazy(() => import('./views/Claims.tsx'), 'Claims'),
  challenges: lazy(() => import('./views/Challenges.tsx'), 'Challenges'),
  commissions: lazy(() => import('./views/Commissions.tsx'), 'Commissions'),
  payouts: lazy(() => import('./views/Payouts.tsx'), 'Payouts'),
  activity: lazy(() => import('./views/Activity.tsx'), 'Activity'),
}

export function App() {
  const { t, stores } = useConsole()
  const auth = useStore(stores.session.$auth)
  const tab = useStore(stores.$tab)

  if (auth !== 'ok') return <AuthProblem session={stores.session} />
  const View = VIEWS[tab]

  return (
    <>
      <Head />
      <Tabs names={TABS} selected={tab} select={(name) => stores.$tab.set(name)} label={(name) => t(`tab.${name}` as MessageKey)}>
        <View />
      </Tabs>
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
