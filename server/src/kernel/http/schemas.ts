// Validators for every request body and query, each checked against the SDK's contract type.
import type {
  CreateConsoleTokenInput,
  CommissionActionInput,
  CreateRuleInput,
  ProgramSettings,
  UpdatePartnerInput,
  CreateEmbedTokenInput,
  CreateLinkInput,
  CreatePartnerInput,
  CreateProgramInput,
  ListCommissionsQuery,
  ListLinksQuery,
  ListPartnersQuery,
  ProgramOverviewQuery,
  PageQuery,
  PayoutDetails,
  CreatePortalLinkInput,
  PortalOverviewQuery,
  TrackClickInput,
  TrackLeadInput,
  TrackRefundInput,
  TrackSaleInput,
} from '@afflio/sdk/types'
import { z } from 'zod'
import { isCurrency } from '@afflio/sdk'
import { currency } from './currency.ts'
import { isValidIban, looksLikeIban } from '../../payouts/payout-details.ts' // moves to payouts/schemas.ts with the split
import { isCountryCode } from '../countries.ts'

const id = (prefix: string) => z.string().regex(new RegExp(`^${prefix}_[0-9a-z]{24}$`), `must be a ${prefix}_ id`)
const text = (max: number) => z.string().trim().min(1).max(max)
const url = z.string().max(2048).url()
const code = z.string().regex(/^[A-Za-z0-9_-]{2,64}$/, 'must be 2-64 letters, digits, _ or -')
const minor = z.number().int().safe()
const email = z.string().trim().toLowerCase().max(320).email()
const isoDate = z.string().datetime({ offset: true }).transform((s) => new Date(s).toISOString())
/** ISO 3166-1 alpha-2, any case in, upper case out */
export const countryCode = z
  .string()
  .transform((s) => s.toUpperCase())
  .pipe(z.string().refine(isCountryCode, 'must be an ISO 3166-1 alpha-2 country code'))

export const commissionSpec = z.discriminatedUnion('type', [
  z.object({ type: z.literal('percent'), rateBps: z.number().int().min(0).max(10_000) }),
  z.object({ type: z.literal('flat'), amountMinor: minor.min(0) }),
])

export const createProgram = z.strictObject({
  name: text(120),
  currency,
  attributionWindowDays: z.number().int().min(1).max(365).optional(),
  attributionModel: z.enum(['last_click', 'first_click']).optional(),
  defaultCommission: commissionSpec.optional(),
}) satisfies z.ZodType<CreateProgramInput, any>

export const pageQuery = z.object({
  cursor: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
}) satisfies z.ZodType<PageQuery, any>

export const createPartner = z.strictObject({
  email,
  name: text(200).optional(),
  externalId: text(200).optional(),
  linkCode: code.optional(),
  country: countryCode.optional(),
}) satisfies z.ZodType<CreatePartnerInput, any>

export const createLink = z.strictObject({
  partnerId: id('prt'),
  code: code.optional(),
  destinationUrl: url.optional(),
}) satisfies z.ZodType<CreateLinkInput, any>

export const listPartners = pageQuery.extend({
  status: z.enum(['active', 'approved', 'pending', 'suspended']).optional(),
  groupId: z.union([z.literal('none'), id('grp')]).optional(),
  segmentId: id('seg').optional(),
}) satisfies z.ZodType<ListPartnersQuery, any>

export const programOverview = z.object({ days: z.coerce.number().int().min(1).max(3650).optional() }) satisfies z.ZodType<ProgramOverviewQuery, any>

export const listLinks = pageQuery.extend({ partnerId: id('prt').optional() }) satisfies z.ZodType<ListLinksQuery, any>

export const listCommissions = pageQuery.extend({
  partnerId: id('prt').optional(),
  status: z.enum(['pending', 'approved', 'in_payout', 'paid', 'on_hold', 'reversed', 'fraud']).optional(),
}) satisfies z.ZodType<ListCommissionsQuery, any>

export const trackClick = z.object({
  key: z.string().max(200).optional(),
  code,
  url: z.string().max(2048).optional(),
  referrer: z.string().max(2048).optional(),
  subId: z.string().max(100).optional(),
}) satisfies z.ZodType<TrackClickInput, any>

export const trackLead = z.object({
  key: z.string().max(200).optional(),
  clickId: id('clk').optional(),
  customerExternalId: text(200),
  email: email.optional(),
  name: text(200).optional(),
}) satisfies z.ZodType<TrackLeadInput, any>

export const trackSale = z.strictObject({
  invoiceId: text(200),
  amountMinor: minor.min(0),
  currency,
  customerExternalId: text(200).optional(),
  customerEmail: email.optional(),
  clickId: id('clk').optional(),
  productId: text(200).optional(),
  subscriptionId: text(200).optional(),
  paymentId: text(200).optional(),
  occurredAt: isoDate.optional(),
}) satisfies z.ZodType<TrackSaleInput, any>

// Both keys optional, then checked by hand (as createEmbedToken): a union's errors would only say "Invalid input".
export const trackRefund = z
  .strictObject({
    invoiceId: text(200).optional(),
    paymentId: text(200).optional(),
    amountMinor: minor.min(1).optional(),
    refundId: text(200).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.invoiceId && v.paymentId) ctx.addIssue({ code: 'custom', path: ['paymentId'], message: 'give either invoiceId or paymentId, not both' })
    else if (!v.invoiceId && !v.paymentId) ctx.addIssue({ code: 'custom', path: ['invoiceId'], message: "give invoiceId, or paymentId (the sale's payment id)" })
  })
  .transform(({ invoiceId, paymentId, ...rest }): TrackRefundInput =>
    invoiceId ? { invoiceId, ...rest } : { paymentId: paymentId!, ...rest },
  ) satisfies z.ZodType<TrackRefundInput, any>

// ---- Partner portal ----------------------------------------------------------------------------

const locale = z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, 'must be a BCP 47 language tag').max(35)

// One object with every field optional, then checked by hand: a union's errors would only say "Invalid input".
export const createEmbedToken = z
  .strictObject({
    partnerId: id('prt').optional(),
    externalId: text(200).optional(),
    email: email.optional(),
    name: text(200).optional(),
    expiresInSeconds: z.number().int().min(60).max(86_400).optional(),
    locale: locale.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.partnerId && (v.externalId || v.email || v.name)) {
      ctx.addIssue({ code: 'custom', path: ['partnerId'], message: 'give either partnerId or externalId with email, not both' })
    } else if (!v.partnerId && !v.externalId) {
      ctx.addIssue({ code: 'custom', path: ['partnerId'], message: 'give partnerId, or externalId with email' })
    } else if (v.externalId && !v.email) {
      ctx.addIssue({ code: 'custom', path: ['email'], message: 'email is required with externalId (for a partner created now)' })
    }
  })
  .transform(({ partnerId, externalId, email, name, ...rest }): CreateEmbedTokenInput =>
    partnerId ? { partnerId, ...rest } : { externalId: externalId!, email: email!, ...(name ? { name } : {}), ...rest },
  ) satisfies z.ZodType<CreateEmbedTokenInput, any>

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'is not a real date')

export const portalOverview = z.object({
  from: day.optional(),
  to: day.optional(),
  interval: z.enum(['day', 'week', 'month']).optional(),
}) satisfies z.ZodType<PortalOverviewQuery, any>

export const createPortalLink = z.strictObject({
  destinationUrl: url.refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL').optional(),
  code: code.optional(),
}) satisfies z.ZodType<CreatePortalLinkInput, any>

// Which field each method needs (PayoutDetails documents it); an IBAN-looking bank reference must be a valid IBAN.
export const payoutDetails = z.discriminatedUnion('method', [
  z.strictObject({ method: z.enum(['paypal', 'wise']), email }),
  z.strictObject({
    method: z.literal('bank'),
    accountRef: z
      .string()
      .trim()
      .min(4)
      .max(64)
      .regex(/^[A-Za-z0-9][A-Za-z0-9 /-]*$/, 'must be an IBAN or an account number (letters, digits, spaces, - and /)')
      .refine((s) => !looksLikeIban(s) || isValidIban(s), 'is not a valid IBAN (check digits do not match)')
      .transform((s) => (looksLikeIban(s) ? s.replace(/\s+/g, '').toUpperCase() : s)),
  }),
  z.strictObject({ method: z.literal('stripe_connect'), accountRef: z.string().trim().regex(/^acct_[A-Za-z0-9]{6,64}$/, 'must be a Stripe account id, acct_…') }),
]) satisfies z.ZodType<PayoutDetails, any>

const tier = z.strictObject({ name: text(60), from: z.number().int().min(0).safe(), value: minor.min(0) })

export const createRule = z
  .strictObject({
    name: text(120),
    groupId: id('grp').nullable().optional(),
    partnerId: id('prt').nullable().optional(),
    productId: text(200).nullable().optional(),
    event: z.enum(['sale', 'lead']),
    type: z.enum(['percent', 'flat']),
    value: minor.min(0),
    currency: currency.nullable().optional(),
    recurring: z.enum(['none', 'forever', 'months', 'payments']).optional(),
    recurringLimit: z.number().int().min(1).max(1200).nullable().optional(),
    tiers: z.array(tier).max(20).optional(),
    tierMetric: z.enum(['paid_customers', 'sales', 'revenue']).nullable().optional(),
    tierPeriod: z.enum(['lifetime', 'month', 'quarter', 'year']).nullable().optional(),
  })
  .superRefine((r, ctx) => {
    const bad = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message })
    if (r.type === 'percent' && (r.value > 10_000 || (r.tiers ?? []).some((t) => t.value > 10_000))) bad('value', 'a percentage is at most 10000 basis points')
    if (r.event === 'lead' && r.type !== 'flat') bad('type', 'a lead has no amount: lead rules are flat')
    if ((r.recurring === 'months' || r.recurring === 'payments') && !r.recurringLimit) bad('recurringLimit', `required when recurring is ${r.recurring}`)
    if ((r.tiers?.length ?? 0) > 0 && !r.tierMetric) bad('tierMetric', 'required with tiers')
    if (r.type === 'percent' && r.currency) bad('currency', 'only a flat rule has a currency')
    if (new Set((r.tiers ?? []).map((t) => t.from)).size !== (r.tiers?.length ?? 0)) bad('tiers', 'two tiers start at the same threshold')
  }) satisfies z.ZodType<CreateRuleInput, any>

export const createGroup = z.strictObject({ name: text(120) })

export const updatePartner = z.strictObject({
  groupId: id('grp').nullable().optional(),
  referredById: id('prt').nullable().optional(),
  status: z.enum(['active', 'approved', 'pending', 'suspended']).optional(),
  name: text(200).optional(),
  country: countryCode.nullable().optional(),
}) satisfies z.ZodType<UpdatePartnerInput, any>

export const updateSettings = z.strictObject({
  holdingDays: z.number().int().min(0).max(365).optional(),
  secondTierRateBps: z.number().int().min(0).max(10_000).optional(),
  payoutMinimums: z.record(z.string().refine(isCurrency, 'keys must be active upper-case ISO 4217 currency codes'), minor.min(0)).optional(),
  payoutProvider: z.enum(['manual', 'stripe_connect']).optional(),
  stripeWebhookSecret: z.string().regex(/^whsec_\w{8,}$/, 'must be a Stripe signing secret (whsec_…)').nullable().optional(),
  stripeApiKey: z.string().regex(/^(sk|rk)_(test|live)_\w{8,}$/, 'must be a Stripe secret or restricted key').nullable().optional(),
}) satisfies z.ZodType<Partial<ProgramSettings>, any>

export const commissionAction = z.strictObject({
  action: z.enum(['hold', 'release', 'mark_fraud']),
  reason: text(500),
}) satisfies z.ZodType<CommissionActionInput, any>

export const createConsoleToken = z.strictObject({
  manager: text(320),
  ttlSeconds: z.number().int().min(60).max(86_400).optional(),
}) satisfies z.ZodType<CreateConsoleTokenInput, any>
