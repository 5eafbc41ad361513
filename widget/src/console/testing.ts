// Test fixtures for the console's unit tests: contract-shaped data (typed by the SDK, so a contract
// change breaks these first), the program API's routes as the console calls them (`/console/v1/…`),
// and a mounted console. The fake network and render helper are the kit's (../kit/testing.ts).
import type {
  Application,
  Challenge,
  Claim,
  Commission,
  CommissionRule,
  Deal,
  Newsletter,
  PartnerListItem,
  PartnerBalance,
  PartnerGroup,
  PayoutRun,
  PayoutRunPreview,
  Program,
  ProgramOverview,
  ProgramSettingsView,
  SegmentWithCount,
  Thread,
} from '@afflio/sdk/types'
import { challengeTerms, renderWidget, type Routes } from '../kit/testing.ts'
import { type ConsoleOptions, mountConsole } from './mount.tsx'

export { apiError, BASE, byText, choose, fakeApi, tick, type, until, type Routes } from '../kit/testing.ts'

export const API = '/console/v1'
const at = '2026-11-01T12:00:00.000Z'

export const program: Program = {
  id: 'prg_1',
  name: 'Acme Analytics',
  currency: 'USD',
  attributionWindowDays: 30,
  attributionModel: 'last_click',
  defaultCommission: { type: 'percent', rateBps: 2000 },
  siteUrl: 'https://acme.example',
  createdAt: at,
}

export function overview(over: Partial<ProgramOverview> = {}): ProgramOverview {
  return {
    from: '2026-10-02T12:00:00.000Z',
    to: at,
    currency: 'USD',
    partners: { total: 12, byStatus: { active: 9, approved: 1, pending: 0, suspended: 2 } },
    newPartners: 3,
    clicks: 4321,
    leads: 87,
    sales: 21,
    revenue: [{ currency: 'USD', amountMinor: 1_234_500 }],
    commissions: [{ currency: 'USD', pendingMinor: 12_000, approvedMinor: 34_500, onHoldMinor: 0, inPayoutMinor: 0, paidMinor: 100_000 }],
    waiting: { applications: 2, deals: 1, claims: 0, submissions: 0 },
    ...over,
  }
}

export const partner = (n: number, over: Partial<PartnerListItem> = {}): PartnerListItem => ({
  id: `prt_${n}`,
  programId: 'prg_1',
  email: `p${n}@example.com`,
  name: `Partner ${n}`,
  externalId: null,
  status: 'active',
  country: 'DE',
  groupId: null,
  referredById: null,
  pinnedTier: null,
  website: null,
  social: {},
  createdAt: at,
  performance: { clicks: 10 * n, sales: n, revenue: { amountMinor: 5_000 * n, currency: 'USD' }, earnings: { amountMinor: 1_000 * n, currency: 'USD' }, lastActivityAt: at },
  ...over,
})

export const group = (n: number, name: string): PartnerGroup => ({ id: `grp_${n}`, name, referralReward: null, createdAt: at })

export const segment = (n: number, over: Partial<SegmentWithCount> = {}): SegmentWithCount => ({
  id: `seg_${n}`,
  name: `Segment ${n}`,
  description: null,
  definition: { conditions: [{ type: 'lastClickOlderThanDays', days: 30 }] },
  createdAt: at,
  updatedAt: at,
  count: 4,
  ...over,
})

export const application = (n: number, over: Partial<Application> = {}): Application => ({
  id: `apl_${n}`,
  programId: 'prg_1',
  email: `applicant${n}@example.com`,
  name: `Applicant ${n}`,
  externalId: null,
  answers: { site: `https://blog${n}.example`, terms: true },
  status: 'pending',
  rejectionReason: null,
  partnerId: null,
  referredById: null,
  autoApproved: false,
  createdAt: at,
  decidedAt: null,
  ...over,
})

export const rule = (over: Partial<CommissionRule> = {}): CommissionRule => ({
  id: 'rul_1',
  name: 'Pro plan',
  groupId: null,
  partnerId: null,
  productId: null,
  event: 'sale',
  type: 'percent',
  value: 2500,
  currency: null,
  recurring: 'none',
  recurringLimit: null,
  tiers: [],
  tierMetric: null,
  tierPeriod: null,
  version: 1,
  versionCreatedAt: at,
  createdAt: at,
  ...over,
})

export const thread = (n: number, over: Partial<Thread> = {}): Thread => ({
  id: `thr_${n}`,
  partner: { id: `prt_${n}`, email: `p${n}@example.com`, name: `Partner ${n}` },
  lastMessage: { id: `msg_${n}`, partnerId: `prt_${n}`, sender: 'partner', senderName: null, kind: 'message', subject: null, body: `Hello from ${n}`, createdAt: at },
  unreadCount: 1,
  partnerUnreadCount: 0,
  programLastReadAt: null,
  partnerLastReadAt: null,
  createdAt: at,
  ...over,
})

export const newsletter = (n: number, over: Partial<Newsletter> = {}): Newsletter => ({
  id: `nl_${n}`,
  subject: `Update ${n}`,
  body: 'Hello partners',
  format: 'text',
  audience: { all: true },
  status: 'sent',
  createdBy: 'dana@acme.test',
  createdAt: at,
  sentAt: at,
  recipientCount: 3,
  delivery: { pending: 0, sent: 2, failed: 1, unsubscribed: 0 },
  ...over,
})

export const claim = (n: number, over: Partial<Claim> = {}): Claim => ({
  id: `clm_${n}`,
  partnerId: 'prt_1',
  invoiceId: `inv_${n}`,
  occurredAt: '2026-10-20T00:00:00.000Z',
  amountMinor: null,
  currency: null,
  customerEmail: null,
  note: null,
  status: 'pending',
  reason: null,
  commissionId: null,
  createdAt: at,
  decidedAt: null,
  ...over,
})

export const deal = (n: number, over: Partial<Deal> = {}): Deal => ({
  id: `deal_${n}`,
  partnerId: 'prt_1',
  company: `Globex ${n}`,
  companyDomain: 'globex.test',
  contactName: 'Hank',
  contactEmail: 'hank@globex.test',
  estimatedValueMinor: 1_200_000,
  currency: 'USD',
  notes: null,
  status: 'pending',
  duplicateOf: null,
  duplicateField: null,
  reason: null,
  saleId: null,
  invoiceId: null,
  createdAt: at,
  updatedAt: at,
  decidedAt: null,
  closedAt: null,
  ...over,
})

export const challenge = (n: number, over: Partial<Challenge> = {}): Challenge => ({
  id: `chl_${n}`,
  name: `Ten in November ${n}`,
  ...challengeTerms,
  segmentId: null,
  createdAt: at,
  updatedAt: at,
  archivedAt: null,
  ...over,
})

export const balance = (n: number, over: Partial<PartnerBalance> = {}): PartnerBalance => ({
  partnerId: `prt_${n}`,
  currency: 'USD',
  approvedMinor: 6_000 * n,
  pendingMinor: 1_000,
  onHoldMinor: 0,
  inPayoutMinor: 0,
  paidMinor: 0,
  ...over,
})

export const run = (n: number, over: Partial<PayoutRun> = {}): PayoutRun => ({
  id: `run_${n}`,
  status: 'created',
  payouts: [
    { id: `po_${n}`, runId: `run_${n}`, partnerId: 'prt_1', amountMinor: 6_000, currency: 'USD', status: 'pending', method: 'paypal', destination: 'p1@pay.test', provider: 'manual', providerRef: null, failureReason: null, createdAt: at, paidAt: null },
  ],
  createdAt: at,
  paidAt: null,
  ...over,
})

/** Partner 1 would be paid; partner 2 has no payout details (their approved balance in balance(2)). */
export const preview = (over: Partial<PayoutRunPreview> = {}): PayoutRunPreview => ({
  payees: [{ partnerId: 'prt_1', currency: 'USD', amountMinor: 6_000 }],
  skipped: [{ partnerId: 'prt_2', currency: 'USD', approvedMinor: 12_000, reason: 'missing_payout_details' }],
  nextPayoutDate: null,
  ...over,
})

export const settings: ProgramSettingsView = {
  holdingDays: 30,
  secondTierRateBps: 0,
  payoutMinimums: { USD: 5000 },
  clickRetentionDays: 400,
  referralReward: null,
  payoutSchedule: null,
  automaticPayoutRuns: true,
  payoutProvider: 'manual',
  stripeWebhookSecretSet: false,
  stripeApiKeySet: false,
  brandColor: null,
  siteUrl: 'https://acme.example',
  mail: { configured: true },
  fraudRules: {
    selfReferral: 'hold',
    payoutEmail: 'hold',
    partnerAddress: 'flag',
    bot: 'hold',
    clickBurst: 'hold',
    fastConversion: 'flag',
    existingCustomer: 'flag',
    burstClicksPerMinute: 20,
    minSecondsToConvert: 10,
  },
  couponPolicy: { conflict: 'click', splitClickBps: 5000, partnerCodesAllowed: false, maxCodesPerPartner: 3, partnerCodePrefix: null, stripeCouponId: null },
}

const page = <T>(data: T[], nextCursor: string | null = null) => ({ data, nextCursor })

export const commission = (n: number, over: Partial<Commission> = {}): Commission => ({
  id: `com_${n}`,
  partnerId: 'prt_1',
  saleId: `sal_${n}`,
  reversesId: null,
  amountMinor: 2_000,
  currency: 'USD',
  status: 'pending',
  kind: 'sale',
  reason: 'program default: 20% of sale',
  reasonData: { kind: 'rule', basis: 'percent', rule: { id: null, name: 'program default' }, rateBps: 2000, saleAmountMinor: 10_000, currency: 'USD', tier: null },
  ruleId: null,
  ruleVersion: null,
  tier: null,
  sourceId: null,
  approveAt: '2026-12-01T12:00:00.000Z',
  holdReason: null,
  holdReasonData: null,
  fraudFlags: [],
  payoutId: null,
  createdAt: at,
  ...over,
})

/** Every route the console reads, answering with the fixtures above, overridable one by one. */
export const consoleRoutes = (over: Routes = {}): Routes => ({
  [`GET ${API}/program`]: program,
  [`GET ${API}/program/overview`]: overview(),
  [`GET ${API}/threads`]: { ...page([thread(1), thread(2, { unreadCount: 0 })]), unreadThreads: 1 },
  [`GET ${API}/partners`]: page([partner(1), partner(2), partner(3, { status: 'suspended', country: null })]),
  [`GET ${API}/groups`]: page([group(1, 'Gold'), group(2, 'Silver')]),
  [`GET ${API}/segments`]: page([segment(1)]),
  [`GET ${API}/applications`]: page([application(1), application(2)]),
  [`GET ${API}/rules`]: page([rule()]),
  [`GET ${API}/application-form`]: { acceptingApplications: true, questions: [{ id: 'site', label: 'Your website', type: 'url', required: true }, { id: 'terms', label: 'I accept the terms', type: 'checkbox', required: true }] },
  [`GET ${API}/newsletters`]: page([newsletter(1)]),
  [`GET ${API}/deals`]: page([deal(1)]),
  [`GET ${API}/challenges`]: page([challenge(1)]),
  [`GET ${API}/balances`]: { data: [balance(1), balance(2)] },
  [`GET ${API}/payout-runs`]: page([run(1)]),
  [`GET ${API}/payout-runs/preview`]: preview(),
  [`GET ${API}/program/settings`]: settings,
  [`GET ${API}/commissions`]: page([commission(1)]),
  ...over,
})

/** Mounts a console into a fresh element; returns its shadow root and query helpers. */
export const render = (routes: Routes, options: Partial<ConsoleOptions> = {}) => renderWidget(mountConsole, routes, { token: 'ct_test', ...options })
