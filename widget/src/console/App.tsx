// The console: a header, the session's state when the token is not accepted, else one tab per area.
import type { JSX } from 'preact'
import { AuthProblem } from '../kit/states.tsx'
import { Tabs } from '../kit/Tabs.tsx'
import { useStore } from '../kit/use-store.ts'
import { useConsole } from './context.ts'
import type { MessageKey } from './messages.ts'
import { TABS, type Tab } from './stores.ts'
import { Activity } from './views/Activity.tsx'
import { Applications } from './views/Applications.tsx'
import { Budgets } from './views/Budgets.tsx'
import { Challenges } from './views/Challenges.tsx'
import { Commissions } from './views/Commissions.tsx'
import { Customers } from './views/Customers.tsx'
import { Deals } from './views/Deals.tsx'
import { Groups } from './views/Groups.tsx'
import { Import } from './views/Import.tsx'
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
  customers: Customers,
  import: Import,
  groups: Groups,
  rules: Rules,
  budgets: Budgets,
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
