// Validators of the ledger endpoints (sales, refunds, commissions, rules, groups, partner placement,
// money settings), each checked against the SDK's contract type.
import type {
  BacktestInput,
  CommissionActionInput,
  CreateRuleInput,
  FraudRules,
  PayoutSchedule,
  ListCommissionsQuery,
  TrackRefundInput,
  TrackSaleInput,
  UpdateGroupInput,
  UpdatePartnerInput,
  UpdateProgramSettingsInput,
  UpdateRuleInput,
} from '@afflio/sdk/types'
import { isCurrency } from '@afflio/sdk'
import { z } from 'zod'
import { currency } from '../kernel/http/currency.ts'
import { couponsSchemas } from '../coupons/index.ts'
import { countryCode, email, id, isoDate, minor, pageOf, siteUrl, text } from '../kernel/http/schemas.ts'
import { referralReward } from '../rewards/index.ts'

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
  couponCode: text(200).optional(),
  occurredAt: isoDate.optional(),
}) satisfies z.ZodType<TrackSaleInput, any>

// Both keys optional, then checked by hand: a union's errors would only say "Invalid input".
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

export const listCommissions = pageOf('com').extend({
  partnerId: id('prt').optional(),
  status: z.enum(['pending', 'approved', 'in_payout', 'paid', 'on_hold', 'reversed', 'fraud']).optional(),
  flagged: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  payoutId: id('po').optional(),
}) satisfies z.ZodType<ListCommissionsQuery, any>

export const commissionAction = z.strictObject({
  action: z.enum(['hold', 'release', 'mark_fraud']),
  reason: text(500),
}) satisfies z.ZodType<CommissionActionInput, any>

const tier = z.strictObject({ name: text(60), from: z.number().int().min(0).safe(), value: minor.min(0) })

const ruleSettings = {
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
}

export const createRule = z
  .strictObject(ruleSettings)
  .superRefine((r, ctx) => {
    const bad = (path: string | Array<string | number>, message: string) => ctx.addIssue({ code: 'custom', path: typeof path === 'string' ? [path] : path, message })
    const tiers = r.tiers ?? []
    if (r.type === 'percent' && r.value > 10_000) bad('value', 'a percentage is at most 10000 basis points')
    // A tier's problem names that tier (`tiers.1.from`), so a form can show it on the tier's own field.
    const over = r.type === 'percent' ? tiers.findIndex((t) => t.value > 10_000) : -1
    if (over >= 0) bad(['tiers', over, 'value'], 'a percentage is at most 10000 basis points')
    if (r.event === 'lead' && r.type !== 'flat') bad('type', 'a lead has no amount: lead rules are flat')
    if ((r.recurring === 'months' || r.recurring === 'payments') && !r.recurringLimit) bad('recurringLimit', `required when recurring is ${r.recurring}`)
    if (tiers.length > 0 && !r.tierMetric) bad('tierMetric', 'required with tiers')
    if (r.type === 'percent' && r.currency) bad('currency', 'only a flat rule has a currency')
    const repeated = tiers.findIndex((t, i) => tiers.findIndex((u) => u.from === t.from) < i)
    if (repeated >= 0) bad(['tiers', repeated, 'from'], 'two tiers start at the same threshold')
  }) satisfies z.ZodType<CreateRuleInput, any>

/** Field by field only: the service merges the edit over the rule in force and checks the whole with `createRule`. */
const { event: _event, ...editable } = ruleSettings
export const updateRule = z.strictObject(editable).partial() satisfies z.ZodType<UpdateRuleInput, any>

export const createGroup = z.strictObject({ name: text(120) })

export const updateGroup = z.strictObject({ name: text(120).optional(), referralReward: referralReward.nullable().optional() }) satisfies z.ZodType<UpdateGroupInput, any>

export const updatePartner = z.strictObject({
  groupId: id('grp').nullable().optional(),
  referredById: id('prt').nullable().optional(),
  status: z.enum(['active', 'approved', 'pending', 'suspended']).optional(),
  name: text(200).optional(),
  country: countryCode.nullable().optional(),
}) satisfies z.ZodType<UpdatePartnerInput, any>

const fraudMode = z.enum(['off', 'flag', 'hold'])
/** Only the rules named change; the others keep their setting (fraud/fraud-rules.ts has the defaults). */
const fraudRules = z.strictObject({
  selfReferral: fraudMode.optional(),
  payoutEmail: fraudMode.optional(),
  partnerAddress: fraudMode.optional(),
  bot: fraudMode.optional(),
  clickBurst: fraudMode.optional(),
  fastConversion: fraudMode.optional(),
  existingCustomer: fraudMode.optional(),
  burstClicksPerMinute: z.number().int().min(1).max(10_000).optional(),
  minSecondsToConvert: z.number().int().min(1).max(86_400).optional(),
}) satisfies z.ZodType<Partial<FraudRules>, any>

const scheduledCurrencies = z.array(currency).min(1).max(20).nullable()
const payoutSchedule = z.discriminatedUnion('frequency', [
  z.strictObject({ frequency: z.literal('monthly'), dayOfMonth: z.number().int().min(1).max(31), currencies: scheduledCurrencies }),
  z.strictObject({ frequency: z.literal('weekly'), dayOfWeek: z.number().int().min(1).max(7), currencies: scheduledCurrencies }),
]) satisfies z.ZodType<PayoutSchedule, any>

export const updateSettings = z.strictObject({
  holdingDays: z.number().int().min(0).max(365).optional(),
  secondTierRateBps: z.number().int().min(0).max(10_000).optional(),
  payoutMinimums: z.record(z.string().refine(isCurrency, 'keys must be active upper-case ISO 4217 currency codes'), minor.min(0)).optional(),
  payoutSchedule: payoutSchedule.nullable().optional(),
  automaticPayoutRuns: z.boolean().optional(),
  payoutProvider: z.enum(['manual', 'stripe_connect']).optional(),
  stripeWebhookSecret: z.string().regex(/^whsec_\w{8,}$/, 'must be a Stripe signing secret (whsec_…)').nullable().optional(),
  stripeApiKey: z.string().regex(/^(sk|rk)_(test|live)_\w{8,}$/, 'must be a Stripe secret or restricted key').nullable().optional(),
  fraudRules: fraudRules.optional(),
  couponPolicy: couponsSchemas.couponPolicy.optional(),
  // Its bounds (the attribution window, ten years) are stats/retention-rules.ts', checked before the write and on the result.
  clickRetentionDays: z.number().int().min(1).optional(),
  // Lower-cased: one spelling of each colour.
  brandColor: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour as #rrggbb')
    .transform((v) => v.toLowerCase())
    .nullable()
    .optional(),
  referralReward: referralReward.nullable().optional(),
  siteUrl: siteUrl.nullable().optional(),
}) satisfies z.ZodType<UpdateProgramSettingsInput, any>

/** A backtest's proposal: exactly one of a whole rule set, an edit of one rule in force, or one more rule. */
export const backtest = z
  .strictObject({
    days: z.number().int().min(1).max(365),
    rules: z.array(createRule).max(200).optional(),
    ruleId: id('rul').optional(),
    edit: updateRule.optional(),
    add: createRule.optional(),
  })
  .superRefine((b, ctx) => {
    const given = [b.rules !== undefined, b.ruleId !== undefined || b.edit !== undefined, b.add !== undefined].filter(Boolean).length
    if (given !== 1) ctx.addIssue({ code: 'custom', path: ['rules'], message: 'give one of rules (the whole set), ruleId with edit (a change to one rule), or add (one more rule)' })
    else if ((b.ruleId === undefined) !== (b.edit === undefined)) ctx.addIssue({ code: 'custom', path: [b.ruleId ? 'edit' : 'ruleId'], message: 'ruleId and edit go together' })
  })
  .transform(({ days, rules, ruleId, edit, add }): BacktestInput => (rules ? { days, rules } : add ? { days, add } : { days, ruleId: ruleId!, edit: edit! })) satisfies z.ZodType<BacktestInput, any>
