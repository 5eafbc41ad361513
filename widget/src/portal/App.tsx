// The portal: a header, the session's state when the token is not accepted, else the tabs. The
// onboarding checklist comes first while an approved partner has steps left; Notices and Messages carry
// their unread counts.
import { useRef } from 'preact/hooks'
import { lazy } from '../kit/lazy.tsx'
import { AuthProblem } from '../kit/states.tsx'
import { Tabs } from '../kit/Tabs.tsx'
import { usePortal } from './context.ts'
import type { MessageKey } from './messages.ts'
import { useStore } from '../kit/use-store.ts'
import { Overview } from './views/Overview.tsx'

// Overview is the first screen, in the entry; every other tab is a chunk loaded when first opened.
const Challenges = lazy(() => import('./views/Challenges.tsx'), 'Challenges')
const Commissions = lazy(() => import('./views/Commissions.tsx'), 'Commissions')
const Customers = lazy(() => import('./views/Customers.tsx'), 'Customers')
const Deals = lazy(() => import('./views/Deals.tsx'), 'Deals')
const Links = lazy(() => import('./views/Links.tsx'), 'Links')
const Messages = lazy(() => import('./views/Messages.tsx'), 'Messages')
const Notices = lazy(() => import('./views/Notices.tsx'), 'Notices')
const Onboarding = lazy(() => import('./views/Onboarding.tsx'), 'Onboarding')
const Payouts = lazy(() => import('./views/Payouts.tsx'), 'Payouts')
const Profile = lazy(() => import('./views/Profile.tsx'), 'Profile')
const Resources = lazy(() => import('./views/Resources.tsx'), 'Resources')

const TABS = { overview: Overview, links: Links, commissions: Commissions, customers: Customers, payouts: Payouts, messages: Messages, notices: Notices, deals: Deals, challenges: Challenges, resources: Resources, profile: Profile, onboarding: Onboarding }
type Tab = keyof typeof TABS
const REST = Object.keys(TABS).slice(0, -1) as Tab[]

export function App() {
  const { t, stores } = usePortal()
  const auth = useStore(stores.session.$auth)
  const me = useStore(stores.me.$).data
  const chosen = useStore(stores.tab) as Tab | null
  const ob = useStore(stores.onboarding.$)
  const unread = { messages: useStore(stores.messages.$).data?.unreadCount, notices: useStore(stores.notices.$).data?.unreadCount } as Partial<Record<Tab, number>>
  // Once first, the checklist stays first for the visit (finishing it must not move the tab away).
  const first = useRef(false)
  if (me?.partner.status === 'approved' && ob.data && ob.data.total > 0 && !ob.data.complete) first.current = true

  if (auth !== 'ok') return <AuthProblem session={stores.session} />

  const names: Tab[] = first.current ? ['onboarding', ...REST] : ob.data?.total || (ob.error && !ob.data) ? [...REST, 'onboarding'] : REST
  const tab = chosen && names.includes(chosen) ? chosen : names[0]!
  const View = TABS[tab]

  return (
    <>
      <div class="head">
        <h2>{me?.program.name ?? t('title')}</h2>
        {me && <span class="mut">{me.partner.name ?? me.partner.email}</span>}
      </div>
      <Tabs
        names={names}
        selected={tab}
        current={() => (stores.tab.get() as Tab | null) ?? tab}
        select={(name) => stores.tab.set(name)}
        label={(name) => t(`tab.${name}` as MessageKey)}
        badge={(name) => {
          const n = unread[name]
          return n ? { n, label: t('tab.unread', { name: t(`tab.${name}` as MessageKey), n }) } : undefined
        }}
      >
        <View />
      </Tabs>
    </>
  )
}
