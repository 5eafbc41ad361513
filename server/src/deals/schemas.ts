// Validators of the deal and challenge endpoints, each checked against the SDK's contract type.
import type {
  CreateBountyInput,
  CreateChallengeInput,
  CreateChallengeOrBountyInput,
  ListSubmissionsQuery,
  RejectSubmissionInput,
  SubmitProofInput,
  GetChallengeQuery,
  ListChallengesQuery,
  ListDealsQuery,
  MarkDealLostInput,
  MarkDealWonInput,
  PortalDealsQuery,
  PortalSubmissionsQuery,
  RegisterDealInput,
  RejectDealInput,
  UpdateChallengeInput,
} from '@afflio/sdk/types'
import { z } from 'zod'
import { currency } from '../kernel/http/currency.ts'
import { dateOrTime, email, id, isoDate, minor, pageLimit, pageOf, text } from '../kernel/http/schemas.ts'
import { createProblem, isWebAddress, PROOF_TEXT_MAX, proofProblem } from '../challenges/index.ts'
import { normalizeDomain } from './deal-rules.ts'

const dealStatus = z.enum(['pending', 'approved', 'rejected', 'won', 'lost'])

// ---- deals ---------------------------------------------------------------------------------------

export const registerDeal = z.strictObject({
  company: text(200),
  contactName: text(200),
  contactEmail: email,
  companyDomain: z
    .string()
    .trim()
    .max(253 + 8 + 2048)
    .refine((s) => normalizeDomain(s) !== null, 'must be a domain (acme.com) or a web address')
    .optional(),
  estimatedValueMinor: minor.min(0).optional(),
  currency: currency.optional(),
  notes: z.string().trim().max(5000).optional(),
}) satisfies z.ZodType<RegisterDealInput, any>

export const listDeals = pageOf('deal').extend({ status: dealStatus.optional(), partnerId: id('prt').optional() }) satisfies z.ZodType<ListDealsQuery, any>
export const portalDeals = pageOf('deal').extend({ status: dealStatus.optional() }) satisfies z.ZodType<PortalDealsQuery, any>

/** `GET /v1/portal/challenges/:id/submissions`: a page of the partner's own, newest first */
export const portalSubmissions = pageOf('sub') satisfies z.ZodType<PortalSubmissionsQuery, any>

export const rejectDeal = z.strictObject({ reason: text(1000) }) satisfies z.ZodType<RejectDealInput, any>
export const markDealLost = z.strictObject({ reason: text(1000).optional() }) satisfies z.ZodType<MarkDealLostInput, any>

export const markDealWon = z.strictObject({
  invoiceId: text(200),
  amountMinor: minor.min(0),
  currency,
  productId: text(200).optional(),
  occurredAt: isoDate.optional(),
}) satisfies z.ZodType<MarkDealWonInput, any>

// ---- challenges ----------------------------------------------------------------------------------

const metric = z.enum(['sales', 'revenue', 'clicks'])
const target = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER)
const reward = z.strictObject({ amountMinor: minor.min(1), currency })
const description = z.string().trim().max(2000).nullable()

const goalChallenge = z
  .strictObject({
    name: text(120),
    description: description.optional(),
    metric,
    target,
    currency: currency.optional(),
    startsAt: dateOrTime,
    endsAt: dateOrTime,
    segmentId: id('seg').nullable().optional(),
    reward,
  })
  .superRefine((v, ctx) => {
    const problem = createProblem(v)
    if (problem) ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message })
  }) satisfies z.ZodType<CreateChallengeInput, any>

const maxPerPartner = z.number().int().min(1).max(1000)
const maxApproved = z.number().int().min(1).max(1_000_000).nullable()

// A bounty: no target or currency; the window opens now unless said, and has no end unless a deadline is given.
const bounty = z.strictObject({
  metric: z.literal('bounty'),
  name: text(120),
  description: description.optional(),
  reward,
  startsAt: dateOrTime.optional(),
  endsAt: dateOrTime.nullable().optional(),
  segmentId: id('seg').nullable().optional(),
  maxPerPartner: maxPerPartner.optional(),
  maxApproved: maxApproved.optional(),
}) satisfies z.ZodType<CreateBountyInput, any>

export const createChallenge = z.discriminatedUnion('metric', [goalChallenge, bounty]) satisfies z.ZodType<CreateChallengeOrBountyInput, any>

export const updateChallenge = z.strictObject({
  name: text(120).optional(),
  description: description.optional(),
  target: target.optional(),
  startsAt: dateOrTime.optional(),
  endsAt: dateOrTime.optional(),
  segmentId: id('seg').nullable().optional(),
  reward: reward.optional(),
  maxPerPartner: maxPerPartner.optional(),
  maxApproved: maxApproved.optional(),
}) satisfies z.ZodType<UpdateChallengeInput, any>

// ---- bounty submissions ---------------------------------------------------------------------------

const webAddress = z.string().trim().max(2048).refine(isWebAddress, 'must be a web address starting with http:// or https://')

export const submitProof = z
  .strictObject({
    url: webAddress.optional(),
    text: z.string().trim().max(PROOF_TEXT_MAX).optional().transform((s) => s || undefined),
    fileUrl: webAddress.optional(),
  })
  .superRefine((v, ctx) => {
    const problem = proofProblem(v)
    if (problem) ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message })
  }) satisfies z.ZodType<SubmitProofInput, any>

export const listSubmissions = pageOf('sub').extend({
  status: z.enum(['pending', 'approved', 'rejected', 'withdrawn']).optional(),
  challengeId: id('chl').optional(),
  partnerId: id('prt').optional(),
}) satisfies z.ZodType<ListSubmissionsQuery, any>

export const rejectSubmission = z.strictObject({ reason: text(1000) }) satisfies z.ZodType<RejectSubmissionInput, any>

export const listChallenges = pageOf('chl').extend({ status: z.enum(['scheduled', 'active', 'ended', 'archived']).optional() }) satisfies z.ZodType<ListChallengesQuery, any>
export const getChallenge = z.object({ limit: pageLimit }) satisfies z.ZodType<GetChallengeQuery, any>
