// Validators of the recruitment endpoints (marketplace listing, application form, applications),
// each checked against the SDK's contract type.
import type {
  ApplicationAnswers,
  ApproveApplicationInput,
  AutoApproveCondition,
  CreateApplicationInput,
  ListApplicationsQuery,
  MarketplaceQuery,
  RejectApplicationInput,
  SubmitApplicationInput,
  UpdateApplicationFormInput,
  UpdateAutoApproveInput,
  UpdateMarketplaceListingInput,
} from '@afflio/sdk/types'
import { z } from 'zod'
import { MARKETPLACE_CATEGORIES, SLUG } from './marketplace.ts'
import { id, pageOf } from '../kernel/http/schemas.ts'

const text = (max: number) => z.string().trim().min(1).max(max)
const httpUrl = z
  .string()
  .trim()
  .max(2048)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL')
const email = z.string().trim().toLowerCase().max(320).email()
const code = z.string().regex(/^[A-Za-z0-9_-]{2,64}$/, 'must be 2-64 letters, digits, _ or -')
const category = z.enum(MARKETPLACE_CATEGORIES)
/** A recruiting link's partner code: not checked against the link code's pattern, since a stale or mangled one is ignored, not refused */
const via = z.string().trim().max(64)
const questionId = z.string().regex(/^[a-z0-9_-]{1,40}$/, 'must be 1-40 lower-case letters, digits, _ or -')

// ---- Marketplace --------------------------------------------------------------------------------

export const updateMarketplaceListing = z
  .strictObject({
    listed: z.boolean(),
    slug: z.string().trim().toLowerCase().regex(SLUG, 'must be 3-60 lower-case letters and digits, words joined by single hyphens'),
    description: text(2000).nullable().optional(),
    category: category.nullable().optional(),
    logoUrl: httpUrl.nullable().optional(),
    websiteUrl: httpUrl.nullable().optional(),
    commissionSummary: text(200).nullable().optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.listed) return
    if (!v.description) ctx.addIssue({ code: 'custom', path: ['description'], message: 'required to be listed' })
    else if (!v.category) ctx.addIssue({ code: 'custom', path: ['category'], message: 'required to be listed' })
  }) satisfies z.ZodType<UpdateMarketplaceListingInput, any>

export const marketplaceQuery = pageOf('prg').extend({
  category: category.optional(),
  q: z.string().trim().max(100).optional(),
}) satisfies z.ZodType<MarketplaceQuery, any>

// ---- Application form and auto-approve -----------------------------------------------------------

const question = z
  .strictObject({
    id: questionId,
    label: text(200),
    type: z.enum(['text', 'textarea', 'url', 'select', 'checkbox']),
    required: z.boolean().default(false),
    options: z.array(text(100)).min(1).max(50).optional(),
  })
  .superRefine((q, ctx) => {
    if (q.type === 'select' && !q.options) ctx.addIssue({ code: 'custom', path: ['options'], message: 'a select needs options' })
    if (q.type !== 'select' && q.options) ctx.addIssue({ code: 'custom', path: ['options'], message: 'only a select has options' })
    if (q.options && new Set(q.options).size !== q.options.length) ctx.addIssue({ code: 'custom', path: ['options'], message: 'options repeat' })
  })

export const updateApplicationForm = z
  .strictObject({
    acceptingApplications: z.boolean().optional(),
    questions: z.array(question).max(30),
  })
  .superRefine((f, ctx) => {
    const seen = new Set<string>()
    f.questions.forEach((q, i) => {
      if (seen.has(q.id)) ctx.addIssue({ code: 'custom', path: ['questions', i, 'id'], message: `${q.id} is used twice` })
      seen.add(q.id)
    })
  }) satisfies z.ZodType<UpdateApplicationFormInput, any>

// One object with optional `equals` and `in`, checked by hand: a union's errors would only say "Invalid input".
const condition = z
  .strictObject({
    field: z.enum(['email_domain', 'answer']),
    questionId: questionId.optional(),
    equals: z.union([text(500), z.boolean()]).optional(),
    in: z.array(text(500)).min(1).max(100).optional(),
  })
  .superRefine((c, ctx) => {
    const bad = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message })
    if (c.field === 'email_domain') {
      if (!c.in) bad('in', 'list the domains')
      else if (c.in.some((d) => !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(d))) bad('in', 'each must be a domain, like example.com')
      if (c.questionId !== undefined || c.equals !== undefined) bad('field', 'email_domain takes only `in`')
    } else {
      if (!c.questionId) bad('questionId', 'required for an answer condition')
      if ((c.equals === undefined) === (c.in === undefined)) bad('equals', 'give either equals or in')
    }
  })
  .transform((c): AutoApproveCondition => {
    if (c.field === 'email_domain') return { field: 'email_domain', in: c.in!.map((d) => d.toLowerCase()) }
    return c.in ? { field: 'answer', questionId: c.questionId!, in: c.in } : { field: 'answer', questionId: c.questionId!, equals: c.equals! }
  })

export const updateAutoApprove = z
  .strictObject({
    mode: z.enum(['manual', 'everyone', 'conditions']),
    match: z.enum(['all', 'any']).optional(),
    conditions: z.array(condition).max(20).optional(),
  })
  .superRefine((r, ctx) => {
    if (r.mode === 'conditions' && !r.conditions?.length) ctx.addIssue({ code: 'custom', path: ['conditions'], message: 'at least one condition with mode conditions' })
  }) satisfies z.ZodType<UpdateAutoApproveInput, any>

// ---- Applications -------------------------------------------------------------------------------

// Shapes only: the answers are checked against the program's questions by the domain.
const answers = z.record(z.string().max(40), z.union([z.string().max(5000), z.boolean()])) satisfies z.ZodType<ApplicationAnswers, any>

export const submitApplication = z
  .strictObject({
    email,
    name: text(200).optional(),
    answers: answers.optional(),
    via: via.optional(),
    // Named to be refused with a reason (not "Unrecognized key"); `never` also tells the OpenAPI document it is not allowed.
    externalId: z.never({ error: "the public form cannot name the host's user: submit with the secret key (POST /v1/applications)" }).optional(),
  })
  .transform(({ externalId: _, ...rest }): SubmitApplicationInput => rest) satisfies z.ZodType<SubmitApplicationInput, any>

export const createApplication = z.strictObject({
  email,
  name: text(200).optional(),
  answers: answers.optional(),
  via: via.optional(),
  externalId: text(200).optional(),
}) satisfies z.ZodType<CreateApplicationInput, any>

export const listApplications = pageOf('app').extend({
  status: z.enum(['pending', 'approved', 'rejected']).optional(),
}) satisfies z.ZodType<ListApplicationsQuery, any>

export const approveApplication = z.strictObject({
  groupId: id('grp').optional(),
  linkCode: code.optional(),
}) satisfies z.ZodType<ApproveApplicationInput, any>

export const rejectApplication = z.strictObject({ reason: text(1000) }) satisfies z.ZodType<RejectApplicationInput, any>
