// The console's state: one nanostore per piece of server data, loaded when a view shows it (and again
// each time it is shown again, so a manager never acts on a stale list), and after a new token. Writes
// go through the session and patch the lists they change.
import { keepLive } from '../kit/live.ts'
import type { Afflio } from '@afflio/sdk'
import type {
  CreateBudgetInput,
  Application,
  ReferralRewardInput,
  AuditEntry,
  BulkPartnerAction,
  BulkPartnersResult,
  Challenge,
  Commission,
  CommissionActionInput,
  CreateBountyInput,
  CreateChallengeInput,
  CreateNewsletterInput,
  CreateResourceInput,
  CreateRuleInput,
  BacktestInput,
  UpdateRuleInput,
  CreateSegmentInput,
  Deal,
  FraudRules,
  CouponPolicy,
  ListAuditLogQuery,
  ListCommissionsQuery,
  ListPartnersQuery,
  Message,
  Newsletter,
  OnboardingChecklist,
  Page,
  Partner,
  PayoutRun,
  UpdateProgramSettingsInput,
  PutOnboardingChecklistInput,
  Thread,
  UpdateApplicationFormInput,
  UpdateAutoApproveInput,
  UpdateMarketplaceListingInput,
} from '@afflio/sdk/types'
import { atom, onMount, type ReadableAtom } from 'nanostores'
import { createSession, remote, type SessionOptions } from './session.ts'
import { keepHistory } from '../kit/payout-history.ts'
import { paged } from '../kit/paged.ts'
import { createClaimsStore } from './claims-store.ts'

export type { Remote, RemoteStore } from '../kit/remote.ts'
export type { List, ListStore } from '../kit/paged.ts'

/** Every page, up to `max` items (for pickers: groups, segments, partner names). */
async function collect<T>(load: (cursor: string | undefined) => Promise<Page<T>>, max = 2000): Promise<T[]> {
  const out: T[] = []
  let cursor: string | undefined
  do {
    const page = await load(cursor)
    out.push(...page.data)
    cursor = page.nextCursor ?? undefined
  } while (cursor && out.length < max)
  return out
}

const replace = <T extends { id: string }>(item: T) => (items: T[]) => items.map((x) => (x.id === item.id ? item : x))

export const TABS = ['overview', 'applications', 'recruitment', 'partners', 'customers', 'import', 'groups', 'rules', 'budgets', 'segments', 'onboarding', 'messages', 'newsletters', 'deals', 'claims', 'challenges', 'commissions', 'payouts', 'activity'] as const
export type Tab = (typeof TABS)[number]

export type PartnerFilter = Pick<ListPartnersQuery, 'status' | 'groupId' | 'segmentId' | 'q' | 'sort' | 'order'>
export type CommissionFilter = Pick<ListCommissionsQuery, 'status' | 'flagged'>
export type ActivityFilter = Pick<ListAuditLogQuery, 'action' | 'subjectType'>

/** One console's state. Each mounted console has its own, so two on a page do not share a token. */
export function createConsoleStores(options: SessionOptions) {
  const session = createSession(options)
  const call = session.call
  const $tab = atom<Tab>('overview')

  const program = remote(session, (c) => c.program.get())
  const groups = remote(session, async (c) => (await c.groups.list()).data)
  const segments = remote(session, (c) => collect((cursor) => c.segments.list({ limit: 100, cursor })))
  /** Partner names for lists that carry only ids (balances, deals, leaderboards) */
  const directory = remote(session, async (c) => new Map((await collect((cursor) => c.partners.list({ limit: 100, cursor }))).map((p) => [p.id, p])))

  const $days = atom<number>(30)
  const overview = remote(session, async (c) => {
    const days = $days.get()
    const [numbers, threads] = await Promise.all([c.program.overview(days ? { days } : {}), c.threads.list({ limit: 1 }).catch(() => null)])
    return { ...numbers, unreadThreads: threads?.unreadThreads ?? null }
  })

  const $appStatus = atom<Application['status']>('pending')
  /** The application form's questions, for their labels beside the answers */
  const appForm = remote(session, (c) => c.applications.form.get())
  const applications = paged(session, (c, cursor) => c.applications.list({ status: $appStatus.get(), cursor }))
  const decided = (a: Application) => applications.update((items) => (a.status === $appStatus.get() ? replace(a)(items) : items.filter((x) => x.id !== a.id)))

  const listing = remote(session, (c) => c.marketplace.get())
  const autoApprove = remote(session, (c) => c.applications.autoApprove.get())
  const resources = remote(session, (c) => collect((cursor) => c.resources.list({ limit: 100, cursor })))
  const checklist = remote(session, (c) => c.onboarding.getChecklist())

  const $partnerFilter = atom<PartnerFilter>({})
  const $selected = atom<ReadonlySet<string>>(new Set())
  const partners = paged(session, (c, cursor) => c.partners.list({ ...$partnerFilter.get(), cursor, limit: 50 }))
  const filterPartners = (f: PartnerFilter) => {
    $partnerFilter.set(f)
    $selected.set(new Set())
    void partners.run()
  }

  // One partner's page: its stores read the open partner's id, and open() reloads them all. Not only those
  // on screen: a store that loaded once does not load again when it mounts, so one left unmounted would
  // show the previous partner.
  const $partner = atom<string | null>(null)
  const pid = () => $partner.get() ?? ''
  const partnerView = remote(session, async (c) => {
    const id = pid()
    const [partner, overview, payouts] = await Promise.all([c.partners.get(id), c.partners.overview(id), c.partners.payouts(id)])
    return { partner, overview, payouts }
  })
  // Loads the open partner's page again (its balances moved), keeping the payout pages loaded with "Load
  // more"; a page appended meanwhile drops this answer (remote's order) and must not be merged as new.
  let appendedPayouts = 0
  const reloadPartnerView = async () => {
    const [before, mark] = [partnerView.value(), appendedPayouts]
    await partnerView.run()
    const after = partnerView.value()
    if (appendedPayouts === mark && before && after && after !== before && before.partner.id === after.partner.id) partnerView.set({ ...after, payouts: keepHistory(before.payouts, after.payouts) })
  }
  const partnerCustomers = paged(session, (c, cursor) => c.customers.list({ partnerId: pid(), cursor }))
  const partnerCommissions = paged(session, (c, cursor) => c.commissions.list({ partnerId: pid(), cursor }))
  const notes = paged(session, (c, cursor) => c.partners.notes(pid(), { cursor }))
  const partnerAudit = paged(session, (c, cursor) => c.auditLog.list({ subjectType: 'partner', subjectId: pid(), cursor }))
  const partnerCodes = remote(session, async (c) => (await c.couponCodes.list({ partnerId: pid(), limit: 100 })).data)
  const customers = paged(session, (c, cursor) => c.customers.list({ cursor, limit: 50 }))

  const rules = remote(session, async (c) => (await c.rules.list()).data)
  const budgets = remote(session, async (c) => (await c.budgets.statuses()).data)

  const threads = paged(session, (c, cursor) => c.threads.list({ cursor }))
  const $thread = atom<string | null>(null)
  const messages = remote(session, async (c) => {
    const id = $thread.get()
    if (!id) return null
    const page = await c.threads.messages(id, { limit: 50 })
    if (page.thread.unreadCount > 0) {
      await c.threads.markRead(id)
      threads.update((items) => items.map((t) => (t.partner.id === id ? { ...t, unreadCount: 0 } : t)))
    }
    return { thread: page.thread, messages: [...page.data].reverse(), more: page.nextCursor !== null }
  })

  const newsletters = paged(session, (c, cursor) => c.newsletters.list({ cursor }))
  // A sent newsletter's delivery moves as the mail loop sends: while the tab shows one with emails still
  // pending, those newsletters are asked again (nothing is asked when none is pending).
  const refreshNewsletters = async () => {
    const pending = newsletters.$.get().items.filter((n) => n.delivery.pending > 0)
    if (!pending.length) return true
    try {
      const fresh = new Map((await Promise.all(pending.map((n) => session.call((c) => c.newsletters.get(n.id))))).map((n) => [n.id, n]))
      newsletters.update((items) => items.map((x) => fresh.get(x.id) ?? x))
      return true
    } catch {
      return false
    }
  }
  keepLive(newsletters.$, refreshNewsletters, { onShow: false })
  const sendNewsletter = async (id: string): Promise<Newsletter> => {
    const n = await call((c) => c.newsletters.send(id))
    newsletters.update(replace(n))
    return n
  }

  const $dealStatus = atom<Deal['status'] | ''>('pending')
  const deals = paged(session, (c, cursor) => c.deals.list({ ...($dealStatus.get() ? { status: $dealStatus.get() as Deal['status'] } : {}), cursor }))
  const dealChanged = (d: Deal) => deals.update((items) => (!$dealStatus.get() || d.status === $dealStatus.get() ? replace(d)(items) : items.filter((x) => x.id !== d.id)))

  const challenges = paged(session, (c, cursor) => c.challenges.list({ cursor }))
  // Bounties' review queue: pending submissions, of one bounty or all
  const $bounty = atom('')
  const submissions = paged(session, (c, cursor) => c.challenges.listSubmissions({ ...($bounty.get() ? { challengeId: $bounty.get() } : {}), cursor }))
  const reviewed = (id: string) => submissions.update((items) => items.filter((x) => x.id !== id))

  const $commissionFilter = atom<CommissionFilter>({})
  /** Whether the commissions list, as filtered now, shows a commission in this state. */
  const showsCommission = (c: Pick<Commission, 'status'>) => {
    const status = $commissionFilter.get().status
    return !status || c.status === status
  }
  const commissions = paged(session, (c, cursor) => c.commissions.list({ ...$commissionFilter.get(), cursor, limit: 50 }))

  const balances = remote(session, (c) => c.payouts.balances())
  // What moves without the manager: sales (the overview, the balances) and partners' messages.
  // (They reload whenever shown already: remote()'s everyMount.)
  for (const store of [overview, balances, messages]) keepLive(store.$, store.refresh, { onShow: false })
  /** Who a run would pay now and who it would skip, and why (the server writes nothing) */
  const preview = remote(session, (c) => c.payouts.runs.preview())
  const runs = paged(session, (c, cursor) => c.payouts.runs.list({ cursor, limit: 10 }))
  const settings = remote(session, (c) => c.settings.get())
  /** After anything that moves money: the balances, and the preview when on screen (else it loads when shown). */
  const moved = () => {
    void balances.run()
    if (preview.$.lc) void preview.run()
  }
  const runChanged = (r: PayoutRun): PayoutRun => {
    runs.update(replace(r))
    moved()
    return r
  }

  const $activityFilter = atom<ActivityFilter>({})
  const activity = paged(session, (c, cursor) => c.auditLog.list({ ...$activityFilter.get(), cursor, limit: 50 }))

  return {
    session,
    $tab,
    program: {
      ...program,
      /** The program's site URL (null: none); the settings store and the program show the result. */
      async saveSiteUrl(siteUrl: string | null) {
        const saved = await call((c) => c.settings.update({ siteUrl }))
        settings.set(saved)
        const p = program.value()
        if (p) program.set({ ...p, siteUrl: saved.siteUrl })
        return saved
      },
    },
    groups,
    segments,
    directory,
    overview: {
      ...overview,
      $days,
      setDays(days: number) {
        $days.set(days)
        void overview.run()
      },
    },
    applications: {
      ...applications,
      $status: $appStatus,
      form: appForm,
      setStatus(status: Application['status']) {
        $appStatus.set(status)
        void applications.run()
      },
      async approve(id: string, groupId?: string) {
        const { application } = await call((c) => c.applications.approve(id, groupId ? { groupId } : {}))
        decided(application)
        return application
      },
      async reject(id: string, reason: string) {
        decided(await call((c) => c.applications.reject(id, reason)))
      },
    },
    recruitment: {
      listing,
      autoApprove,
      saveListing: async (input: UpdateMarketplaceListingInput) => listing.set(await call((c) => c.marketplace.update(input))),
      saveForm: async (input: UpdateApplicationFormInput) => appForm.set(await call((c) => c.applications.form.update(input))),
      saveAutoApprove: async (input: UpdateAutoApproveInput) => autoApprove.set(await call((c) => c.applications.autoApprove.update(input))),
    },
    onboarding: {
      resources,
      checklist,
      async createResource(input: CreateResourceInput) {
        const r = await call((c) => c.resources.create(input))
        resources.set([r, ...(resources.value() ?? [])])
        return r
      },
      async archiveResource(id: string) {
        await call((c) => c.resources.archive(id))
        resources.set((resources.value() ?? []).filter((r) => r.id !== id))
      },
      async saveChecklist(input: PutOnboardingChecklistInput): Promise<OnboardingChecklist> {
        const saved = await call((c) => c.onboarding.setChecklist(input))
        checklist.set(saved)
        return saved
      },
    },
    partners: {
      ...partners,
      $filter: $partnerFilter,
      $selected,
      filter: filterPartners,
      toggle(ids: string[], on: boolean) {
        const next = new Set($selected.get())
        for (const id of ids) on ? next.add(id) : next.delete(id)
        $selected.set(next)
      },
      /** One action on the selected partners; the list loads again and the selection is cleared. */
      async bulk(action: BulkPartnerAction): Promise<BulkPartnersResult> {
        const partnerIds = [...$selected.get()]
        const result = await call((c) => c.partners.bulk({ partnerIds, ...action }))
        $selected.set(new Set())
        void partners.run()
        if (action.action === 'pay') moved()
        return result
      },
    },
    customers,
    partner: {
      $id: $partner,
      view: partnerView,
      customers: partnerCustomers,
      commissions: partnerCommissions,
      notes,
      audit: partnerAudit,
      open(id: string | null) {
        $partner.set(id)
        if (id) for (const s of [partnerView, partnerCustomers, partnerCommissions, notes, partnerAudit, partnerCodes]) void s.run()
      },
      codes: partnerCodes,
      /** The open partner's payout history, its next page appended (dropped when the page loaded again meanwhile) */
      async morePayouts() {
        const v = partnerView.value()
        const cursor = v?.payouts.historyNextCursor
        if (!v || !cursor) return
        const page = await call((c) => c.partners.payoutHistory(v.partner.id, { cursor }))
        if (partnerView.value() !== v) return
        appendedPayouts++
        partnerView.set({ ...v, payouts: { ...v.payouts, history: [...v.payouts.history, ...page.data], historyNextCursor: page.nextCursor } })
      },
      /** Gives the open partner a code, or disables (enables) one; the list shows it. */
      async code(input: { code: string } | { id: string; status: 'active' | 'disabled' }) {
        await call((c) => ('id' in input ? c.couponCodes.update(input.id, { status: input.status }) : c.couponCodes.create({ partnerId: pid(), code: input.code })))
        await partnerCodes.run()
      },
      async addNote(body: string) {
        const n = await call((c) => c.partners.addNote(pid(), { body }))
        notes.update((items) => [n, ...items])
        void partnerAudit.run()
      },
    },
    groupsActions: {
      async create(name: string) {
        const g = await call((c) => c.groups.create({ name }))
        groups.set([...(groups.value() ?? []), g].sort((a, b) => a.name.localeCompare(b.name)))
        return g
      },
      /** A group's referral reward (null: the program's applies); the list shows it. */
      async setReward(id: string, referralReward: ReferralRewardInput | null) {
        const g = await call((c) => c.groups.update(id, { referralReward }))
        groups.set((groups.value() ?? []).map((x) => (x.id === g.id ? g : x)))
      },
      /** The program's referral reward; the settings store shows it. */
      setProgramReward: async (referralReward: ReferralRewardInput | null) => settings.set(await call((c) => c.settings.update({ referralReward }))),
      /** Makes the Stripe coupon of the program's reward, or of a group's own; the reward, with its id, shows where it is. */
      async createRewardCoupon(groupId: string | null) {
        const reward = await call((c) => c.settings.createRewardCoupon(groupId ? { groupId } : {}))
        const s = settings.value()
        if (groupId) groups.set((groups.value() ?? []).map((g) => (g.id === groupId ? { ...g, referralReward: reward } : g)))
        else if (s) settings.set({ ...s, referralReward: reward })
        return reward
      },
    },
    rules: {
      ...rules,
      async create(input: CreateRuleInput) {
        const r = await call((c) => c.rules.create(input))
        rules.set([...(rules.value() ?? []), r])
        return r
      },
      async update(id: string, input: UpdateRuleInput) {
        const r = await call((c) => c.rules.update(id, input))
        rules.set((rules.value() ?? []).map((x) => (x.id === id ? r : x)))
      },
      async archive(id: string) {
        await call((c) => c.rules.archive(id))
        rules.set((rules.value() ?? []).filter((r) => r.id !== id))
      },
      /** Prices past sales under a proposed change; writes nothing. */
      backtest: (input: BacktestInput) => call((c) => c.rules.backtest(input)),
    },
    budgets: {
      ...budgets,
      async create(input: CreateBudgetInput) {
        await call((c) => c.budgets.create(input))
        await budgets.run() // its status (spend, pace) comes from the server
      },
      async remove(id: string) {
        await call((c) => c.budgets.delete(id))
        budgets.set((budgets.value() ?? []).filter((b) => b.budget.id !== id))
      },
    },
    segmentsActions: {
      async create(input: CreateSegmentInput) {
        const s = await call((c) => c.segments.create(input))
        segments.set([s, ...(segments.value() ?? [])])
        return s
      },
      async remove(id: string) {
        await call((c) => c.segments.delete(id))
        segments.set((segments.value() ?? []).filter((s) => s.id !== id))
      },
    },
    threads: {
      ...threads,
      $open: $thread,
      messages,
      open(partnerId: string | null) {
        $thread.set(partnerId)
        // A thread view already showing reloads here; one mounting now loads on its own (onMount).
        if (messages.$.lc) void messages.run()
      },
      async send(partnerId: string, body: string): Promise<Message> {
        const m = await call((c) => c.threads.send(partnerId, { body }))
        const cur = messages.value()
        if (cur && cur.thread.partner.id === partnerId) messages.set({ ...cur, messages: [...cur.messages, m] })
        threads.update((items) => {
          // A partner who never wrote has no thread in the list yet: the conversation's is theirs.
          const t = items.find((x) => x.partner.id === partnerId) ?? (cur?.thread.partner.id === partnerId ? cur.thread : undefined)
          return t ? [{ ...t, lastMessage: m, unreadCount: 0 } as Thread, ...items.filter((x) => x.partner.id !== partnerId)] : items
        })
        return m
      },
    },
    newsletters: {
      ...newsletters,
      /** A draft, sent at once when `send` is true. */
      async create(input: CreateNewsletterInput, send: boolean): Promise<Newsletter> {
        let n = await call((c) => c.newsletters.create(input))
        newsletters.update((items) => [n, ...items])
        if (send) n = await sendNewsletter(n.id)
        return n
      },
      send: sendNewsletter,
    },
    claims: createClaimsStore(session),
    deals: {
      ...deals,
      $status: $dealStatus,
      setStatus(status: Deal['status'] | '') {
        $dealStatus.set(status)
        void deals.run()
      },
      approve: async (id: string) => dealChanged(await call((c) => c.deals.approve(id))),
      reject: async (id: string, reason: string) => dealChanged(await call((c) => c.deals.reject(id, { reason }))),
      lost: async (id: string, reason: string) => dealChanged(await call((c) => c.deals.markLost(id, reason ? { reason } : {}))),
      won: async (id: string, sale: { invoiceId: string; amountMinor: number; currency: string }) => {
        const r = await call((c) => c.deals.markWon(id, sale))
        dealChanged(r.deal)
        return r
      },
    },
    challenges: {
      ...challenges,
      async create(input: CreateChallengeInput | CreateBountyInput): Promise<Challenge> {
        const ch = await call((c) => c.challenges.create(input))
        challenges.update((items) => [ch, ...items])
        return ch
      },
      archive: async (id: string) => challenges.update(replace(await call((c) => c.challenges.archive(id)))),
    },
    submissions: {
      ...submissions,
      $bounty,
      setBounty: (id: string) => ($bounty.set(id), void submissions.run()),
      approve: async (id: string) => (await call((c) => c.challenges.approveSubmission(id)), reviewed(id)),
      reject: async (id: string, reason: string) => (await call((c) => c.challenges.rejectSubmission(id, { reason })), reviewed(id)),
    },
    commissions: {
      ...commissions,
      $filter: $commissionFilter,
      filter(f: CommissionFilter) {
        $commissionFilter.set(f)
        void commissions.run()
      },
      shows: showsCommission,
      /** Hold, release or void one commission with a note; the lists show its new state (a list filtered by another status drops it), the balances (the payouts' and the open partner's) move. */
      async act(id: string, action: CommissionActionInput['action'], reason: string): Promise<Commission> {
        const done = await call((c) => (action === 'hold' ? c.commissions.hold(id, reason) : action === 'release' ? c.commissions.release(id, reason) : c.commissions.markFraud(id, reason)))
        // A list filtered by status keeps only what still matches (a commission released from "On hold" leaves it).
        commissions.update((items) => (showsCommission(done) ? replace(done)(items) : items.filter((x) => x.id !== done.id)))
        partnerCommissions.update(replace(done))
        // The partner's page shows their balances: those of the commission's partner move with it.
        if ($partner.get() === done.partnerId) void reloadPartnerView()
        moved()
        return done
      },
      /** Changes only the rules given; the settings store shows the result. */
      saveFraudRules: async (fraudRules: Partial<FraudRules>) => settings.set(await call((c) => c.settings.update({ fraudRules }))),
      saveCouponPolicy: async (couponPolicy: Partial<CouponPolicy>) => settings.set(await call((c) => c.settings.update({ couponPolicy }))),
    },
    payouts: {
      balances,
      preview,
      runs,
      settings,
      /**
       * A payout run over every partner owed at least the minimum; the run (with who was skipped) is returned.
       * Rejects with code `nothing_to_pay` when nobody can be paid; the balances and preview load again either way.
       */
      async run() {
        try {
          const r = await call((c) => c.payouts.runs.create())
          runs.update((items) => [r, ...items])
          return r
        } finally {
          moved()
        }
      },
      /** The schedule, minimums and automatic runs; the preview (its date, who is skipped) follows them. */
      async saveSchedule(input: UpdateProgramSettingsInput) {
        settings.set(await call((c) => c.settings.update(input)))
        moved()
      },
      /** Marks the run's payouts paid by hand paid; the run comes back with its Stripe Connect payouts as they were. */
      markPaid: async (id: string) => runChanged(await call((c) => c.payouts.runs.markPaid(id))),
      /** Sends (or sends again) the run's Stripe Connect payouts. */
      send: async (id: string) => runChanged(await call((c) => c.payouts.runs.send(id))),
      /** A run's file (its payouts still to pay by hand, or (`paid`) a copy of those it paid), with its name and counts */
      exportFile: (id: string, format: 'paypal' | 'wise', currency?: string, status: 'pending' | 'paid' = 'pending') =>
        call((c) => c.payouts.runs.exportFile(id, { format, ...(currency ? { currency } : {}), ...(status === 'paid' ? { status } : {}) })),
    },
    /** The audit log: who changed what, newest first */
    activity: {
      ...activity,
      $filter: $activityFilter,
      filter(f: ActivityFilter) {
        $activityFilter.set(f)
        void activity.run()
      },
    },
  }
}

export type ConsoleStores = ReturnType<typeof createConsoleStores>
export type { Partner }
