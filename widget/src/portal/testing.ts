// Test fixtures for the widget's unit tests: contract-shaped data (typed by the SDK, so a contract
// change breaks these first), a fake network answering like the portal API, and a mounted portal.
import type {
  LinkStats,
  Message,
  Notice,
  NoticePage,
  OnboardingProgress,
  OnboardingStepProgress,
  PortalChallenge,
  PortalDeal,
  PortalMessages,
  PortalNewsletter,
  PortalResource,
  PortalCommission,
  PortalCommissionPage,
  PortalLink,
  PortalMe,
  PortalOverview,
  PortalPayouts,
} from '@afflio/sdk/types'
import { challengeTerms, type Routes, renderWidget } from '../kit/testing.ts'
import { mount, type MountOptions } from './mount.tsx'

export { apiError, BASE, byText, choose, fakeApi, Reply, tick, type, until, type Routes } from '../kit/testing.ts'

export const me: PortalMe = {
  partner: {
    id: 'prt_1',
    programId: 'prg_1',
    email: 'ada@example.com',
    name: 'Ada',
    externalId: 'u_1',
    status: 'active',
    groupId: null,
    referredById: null,
    pinnedTier: null,
    website: null,
    social: {},
    country: null,
    createdAt: '2026-10-01T00:00:00.000Z',
  },
  program: { name: 'Acme Analytics', currency: 'USD', siteUrl: 'https://acme.example' },
  locale: null,
  recruitingPath: null,
  referralReward: null,
}

export function overview(over: Partial<PortalOverview> = {}): PortalOverview {
  return {
    from: '2026-10-03',
    to: '2026-11-01',
    interval: 'day',
    currency: 'USD',
    earnings: [{ currency: 'USD', pendingMinor: 12_345, onHoldMinor: 0, approvedMinor: 6_000, inPayoutMinor: 0, paidMinor: 100_000 }],
    clicks: 1234,
    leads: 56,
    sales: 7,
    revenueMinor: 70_000,
    conversionRate: 7 / 1234,
    series: [
      { date: '2026-10-30', clicks: 10, leads: 1, sales: 0, earningsMinor: 0 },
      { date: '2026-10-31', clicks: 20, leads: 2, sales: 1, earningsMinor: 2_000 },
      { date: '2026-11-01', clicks: 5, leads: 0, sales: 2, earningsMinor: 4_000 },
    ],
    tier: null,
    ...over,
  }
}

export function link(n: number, over: Partial<PortalLink> = {}): PortalLink {
  return {
    id: `lnk_${n}`,
    partnerId: 'prt_1',
    code: `ADA${n}`,
    destinationUrl: null,
    createdAt: '2026-10-01T00:00:00.000Z',
    url: `https://acme.example/?ref=ADA${n}`,
    clicks: 10 * n,
    leads: n,
    sales: 1,
    ...over,
  }
}

/** Link 1's last 3 days: clicks with and without a sub-id and a referrer, past the top 10 as '~other'. */
export function linkStats(over: Partial<LinkStats> = {}): LinkStats {
  return {
    linkId: 'lnk_1',
    since: '2026-10-30',
    until: '2026-11-01',
    currency: 'USD',
    clicks: 35,
    leads: 3,
    sales: 2,
    revenueMinor: 30_000,
    earningsMinor: 6_000,
    series: [
      { date: '2026-10-30', clicks: 10, leads: 1, sales: 0, revenueMinor: 0, earningsMinor: 0 },
      { date: '2026-10-31', clicks: 20, leads: 2, sales: 1, revenueMinor: 10_000, earningsMinor: 2_000 },
      { date: '2026-11-01', clicks: 5, leads: 0, sales: 1, revenueMinor: 20_000, earningsMinor: 4_000 },
    ],
    subIds: [
      { value: 'newsletter', clicks: 20, leads: 2, sales: 2 },
      { value: '', clicks: 10, leads: 1, sales: 0 },
      { value: '~other', clicks: 5, leads: 0, sales: 0 },
    ],
    referrers: [
      { value: 'blog.example', clicks: 25, leads: 3, sales: 2 },
      { value: '', clicks: 10, leads: 0, sales: 0 },
    ],
    ...over,
  }
}

export function commission(n: number, over: Partial<PortalCommission> = {}): PortalCommission {
  return {
    id: `com_${n}`,
    partnerId: 'prt_1',
    saleId: `sal_${n}`,
    reversesId: null,
    amountMinor: 2_000 + n,
    currency: 'USD',
    status: 'pending',
    kind: 'sale',
    reason: `20% of sale (rule Default) #${n}`,
    reasonData: null,
    ruleId: null,
    ruleVersion: null,
    tier: null,
    sourceId: null,
    approveAt: null,
    holdReason: null,
    holdReasonData: null,
    payoutId: null,
    createdAt: '2026-10-31T12:00:00.000Z',
    sale: { invoiceId: `in_${n}`, amountMinor: 10_000, currency: 'USD', occurredAt: '2026-10-31T11:59:00.000Z' },
    ...over,
  }
}

export function payouts(over: Partial<PortalPayouts> = {}): PortalPayouts {
  return {
    balances: [{ currency: 'USD', approvedMinor: 6_000, pendingMinor: 12_345, onHoldMinor: 0, inPayoutMinor: 0, paidMinor: 100_000, minimumMinor: 5_000, nextPayout: { included: true, reason: null } }],
    history: [{ id: 'po_1', amountMinor: 100_000, currency: 'USD', status: 'paid', createdAt: '2026-09-01T12:00:00.000Z', paidAt: '2026-09-02T12:00:00.000Z' }],
    historyNextCursor: null,
    minimumMinor: 5_000,
    currency: 'USD',
    nextPayoutAt: '2026-12-01',
    payoutDetails: null,
    ...over,
  }
}

export function message(n: number, over: Partial<Message> = {}): Message {
  return {
    id: `msg_${String(n).padStart(3, '0')}`,
    partnerId: 'prt_1',
    sender: 'program',
    senderName: 'Dana',
    kind: 'message',
    subject: null,
    body: `Message ${n}`,
    createdAt: `2026-10-${String(10 + n).padStart(2, '0')}T09:30:00.000Z`,
    ...over,
  }
}

export function newsletter(n: number, over: Partial<PortalNewsletter> = {}): PortalNewsletter {
  return {
    id: `nl_${n}`,
    subject: `Update ${n}`,
    body: `# News ${n}`,
    format: 'markdown',
    html: `<h1>News ${n}</h1><p><strong>30%</strong> on Pro</p>`,
    sentAt: '2026-10-20T08:00:00.000Z',
    read: true,
    ...over,
  }
}

/** The inbox, newest first: two program messages around one of the partner's, one unread newsletter. */
export function inbox(over: Partial<PortalMessages> = {}): PortalMessages {
  return {
    unreadCount: 2,
    unread: { messages: 1, newsletters: 1 },
    messages: { data: [message(3), message(2, { sender: 'partner', senderName: null, body: 'Hi, a question' }), message(1, { kind: 'notification', senderName: null, subject: 'Welcome to Acme', body: 'Your application was approved.' })], nextCursor: null },
    newsletters: { data: [newsletter(2, { read: false }), newsletter(1)], nextCursor: null },
    newsletterEmails: true,
    ...over,
  }
}

export function step(id: string, over: Partial<OnboardingStepProgress> = {}): OnboardingStepProgress {
  return { id, kind: 'custom', title: `Step ${id}`, description: null, resourceId: null, done: false, completedAt: null, acceptedVersion: null, currentVersion: null, ...over }
}

/** Progress over `steps`, with the counts worked out the way the server does. */
export function progress(steps: OnboardingStepProgress[], over: Partial<OnboardingProgress> = {}): OnboardingProgress {
  const doneCount = steps.filter((s) => s.done).length
  return {
    partnerId: 'prt_1',
    status: 'approved',
    checklistGroupId: null,
    steps,
    doneCount,
    total: steps.length,
    percent: steps.length ? Math.floor((100 * doneCount) / steps.length) : 0,
    complete: steps.length > 0 && doneCount === steps.length,
    ...over,
  }
}

export function resource(n: number, over: Partial<PortalResource> = {}): PortalResource {
  return {
    id: `res_${n}`,
    kind: 'logo',
    title: `Resource ${n}`,
    description: null,
    url: null,
    content: null,
    version: 1,
    versionAt: '2026-10-01T00:00:00.000Z',
    readAt: null,
    acceptedVersion: null,
    ...over,
  }
}

export function deal(n: number, over: Partial<PortalDeal> = {}): PortalDeal {
  return {
    id: `deal_${n}`,
    company: `Globex ${n}`,
    companyDomain: null,
    contactName: 'Hank Scorpio',
    contactEmail: `hank${n}@globex.com`,
    estimatedValueMinor: 1_200_000,
    currency: 'USD',
    notes: null,
    status: 'pending',
    reason: null,
    saleId: null,
    invoiceId: null,
    createdAt: '2026-10-25T10:00:00.000Z',
    updatedAt: '2026-10-25T10:00:00.000Z',
    decidedAt: null,
    closedAt: null,
    ...over,
  }
}

export function challenge(id: string, over: Partial<PortalChallenge> = {}): PortalChallenge {
  return {
    id,
    name: `Challenge ${id}`,
    ...challengeTerms,
    progress: 4,
    percent: 40,
    metAt: null,
    earned: null,
    ...over,
  }
}

export function notice(n: number, over: Partial<Notice> = {}): Notice {
  return { id: `ntc_00${n}`, kind: 'commission_earned', title: `You earned USD ${n}.00`, body: `Commission ${n}`, createdAt: `2026-10-1${n}T09:30:00.000Z`, readAt: null, ...over }
}

/** Every portal route answering with the fixtures above, overridable one by one. */
export const defaultRoutes = (over: Routes = {}): Routes => ({
  'GET /v1/portal/me': me,
  'GET /v1/portal/overview': overview(),
  'GET /v1/portal/links': { data: [link(1), link(2)], nextCursor: null },
  'GET /v1/portal/commissions': { data: [commission(1)], nextCursor: null } satisfies PortalCommissionPage,
  'GET /v1/portal/payouts': payouts(),
  'GET /v1/portal/messages': inbox({ unreadCount: 0, unread: { messages: 0, newsletters: 0 } }),
  'GET /v1/portal/onboarding': progress([], { status: 'active' }),
  'GET /v1/portal/resources': { data: [], nextCursor: null },
  'GET /v1/portal/deals': { data: [], nextCursor: null },
  'GET /v1/portal/claims': { data: [], nextCursor: null },
  'GET /v1/portal/customers': { data: [], nextCursor: null },
  'GET /v1/portal/challenges': { data: [] },
  'GET /v1/portal/notices': { data: [], nextCursor: null, unreadCount: 0 } satisfies NoticePage,
  ...over,
})

/** Mounts a portal into a fresh element; returns its shadow root and query helpers. */
export const render = (routes: Routes, options: Partial<MountOptions> = {}) => renderWidget(mount, routes, { token: 'et_test', ...options })
