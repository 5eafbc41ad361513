// Validators for every request body and query, each checked against the SDK's contract type.
import type {
  CreateLinkInput,
  CreatePartnerInput,
  CreateProgramInput,
  ListCommissionsQuery,
  ListLinksQuery,
  PageQuery,
  TrackClickInput,
  TrackLeadInput,
  TrackRefundInput,
  TrackSaleInput,
} from '@afflio/sdk/types'
import { z } from 'zod'

const id = (prefix: string) => z.string().regex(new RegExp(`^${prefix}_[0-9a-z]{24}$`), `must be a ${prefix}_ id`)
const text = (max: number) => z.string().trim().min(1).max(max)
const url = z.string().max(2048).url()
const code = z.string().regex(/^[A-Za-z0-9_-]{2,64}$/, 'must be 2-64 letters, digits, _ or -')
const currency = z
  .string()
  .transform((s) => s.toUpperCase())
  .pipe(z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code'))
const minor = z.number().int().safe()
const email = z.string().trim().toLowerCase().max(320).email()
const isoDate = z.string().datetime({ offset: true }).transform((s) => new Date(s).toISOString())

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
}) satisfies z.ZodType<CreatePartnerInput, any>

export const createLink = z.strictObject({
  partnerId: id('prt'),
  code: code.optional(),
  destinationUrl: url.optional(),
}) satisfies z.ZodType<CreateLinkInput, any>

export const listLinks = pageQuery.extend({ partnerId: id('prt').optional() }) satisfies z.ZodType<ListLinksQuery, any>

export const listCommissions = pageQuery.extend({
  partnerId: id('prt').optional(),
  status: z.enum(['pending', 'approved', 'paid', 'reversed']).optional(),
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
  clickId: id('clk').optional(),
  productId: text(200).optional(),
  occurredAt: isoDate.optional(),
}) satisfies z.ZodType<TrackSaleInput, any>

export const trackRefund = z.strictObject({
  invoiceId: text(200),
  amountMinor: minor.min(1).optional(),
  refundId: text(200).optional(),
}) satisfies z.ZodType<TrackRefundInput, any>
