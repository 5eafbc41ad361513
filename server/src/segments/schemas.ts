// Validators of the segment and bulk-action endpoints, each checked against the SDK's contract type.
import type { BulkPartnersInput, CreateSegmentInput, PreviewSegmentInput, SegmentCondition, SegmentDefinition, SegmentPeriod, UpdateSegmentInput } from '@afflio/sdk/types'
import { z } from 'zod'
import { currency } from '../kernel/http/currency.ts'
import { definitionProblem } from './segment-rules.ts'
import { countryCode, dateOrTime, id, minor, pageOf, text } from '../kernel/http/schemas.ts'

const status = z.enum(['active', 'approved', 'pending', 'suspended'])
const count = z.number().int().min(1).max(1_000_000_000)

export const segmentPeriod = z.enum([
  'last_7_days',
  'last_30_days',
  'last_90_days',
  'last_365_days',
  'this_month',
  'last_month',
  'this_quarter',
  'last_quarter',
  'this_year',
  'last_year',
  'lifetime',
]) satisfies z.ZodType<SegmentPeriod, any>

export const segmentCondition = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('group'), in: z.array(id('grp')).max(200).optional(), none: z.boolean().optional() }),
  z.strictObject({ type: z.literal('tier'), in: z.array(text(60)).max(50).optional(), none: z.boolean().optional() }),
  z.strictObject({ type: z.literal('country'), in: z.array(countryCode).max(250).optional(), none: z.boolean().optional() }),
  z.strictObject({ type: z.literal('joined'), after: dateOrTime.optional(), before: dateOrTime.optional() }),
  z.strictObject({ type: z.literal('status'), in: z.array(status).min(1) }),
  z.strictObject({ type: z.literal('lastClickOlderThanDays'), days: z.number().int().min(1).max(3650) }),
  z.strictObject({
    type: z.literal('revenueTopPercent'),
    percent: z
      .number()
      .gt(0)
      .max(100)
      .refine((p) => Math.abs(p * 100 - Math.round(p * 100)) < 1e-6, 'at most two decimals'),
    period: segmentPeriod,
    currency: currency.optional(),
  }),
  z.strictObject({ type: z.literal('revenueAtLeast'), amountMinor: minor.min(1), currency, period: segmentPeriod }),
  z.strictObject({ type: z.literal('salesAtLeast'), count, period: segmentPeriod }),
  z.strictObject({ type: z.literal('clicksAtLeast'), count, period: segmentPeriod }),
]) satisfies z.ZodType<SegmentCondition, any>

export const segmentDefinition = z
  .strictObject({
    conditions: z.array(segmentCondition).max(20).default([]),
    any: z.array(segmentCondition).max(20).optional(),
  })
  .superRefine((d, ctx) => {
    const problem = definitionProblem(d)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  }) satisfies z.ZodType<SegmentDefinition, any>

const description = z.string().trim().max(500).nullable()

export const createSegment = z.strictObject({
  name: text(120),
  description: description.optional(),
  definition: segmentDefinition,
}) satisfies z.ZodType<CreateSegmentInput, any>

export const updateSegment = z.strictObject({
  name: text(120).optional(),
  description: description.optional(),
  definition: segmentDefinition.optional(),
}) satisfies z.ZodType<UpdateSegmentInput, any>

export const previewSegment = z.strictObject({ definition: segmentDefinition }) satisfies z.ZodType<PreviewSegmentInput, any>

// Every action shares the audience fields; exactly one of segmentId and partnerIds, checked by hand
// (a union's errors would only say "Invalid input").
const audience = { segmentId: id('seg').optional(), partnerIds: z.array(id('prt')).min(1).max(1000).optional() }

export const bulkPartners = z
  .discriminatedUnion('action', [
    z.strictObject({ ...audience, action: z.literal('move_group'), groupId: id('grp').nullable() }),
    z.strictObject({ ...audience, action: z.literal('set_status'), status }),
    z.strictObject({ ...audience, action: z.literal('set_tier'), tier: text(60).nullable() }),
    z.strictObject({ ...audience, action: z.literal('pay') }),
  ])
  .superRefine((v, ctx) => {
    if (v.segmentId && v.partnerIds) ctx.addIssue({ code: 'custom', path: ['partnerIds'], message: 'give either segmentId or partnerIds, not both' })
    else if (!v.segmentId && !v.partnerIds) ctx.addIssue({ code: 'custom', path: ['segmentId'], message: 'give segmentId or partnerIds' })
  })
  .transform(({ segmentId, partnerIds, ...action }): BulkPartnersInput => (segmentId ? { segmentId, ...action } : { partnerIds: [...new Set(partnerIds!)], ...action })) satisfies z.ZodType<
  BulkPartnersInput,
  any
>

/** `GET /v1/segments`: a page of saved segments */
export const listSegments = pageOf('seg')

/** `GET /v1/segments/:id/partners`: a page of the segment's partners */
export const listSegmentPartners = pageOf('prt')
