// Validators of the program endpoints and the credentials it mints (console and embed tokens), each
// checked against the SDK's contract type.
import type { CreateConsoleTokenInput, CreateEmbedTokenInput, CreateProgramInput, ProgramOverviewQuery, RevokeConsoleTokensInput, RevokeEmbedTokensInput } from '@afflio/sdk/types'
import { z } from 'zod'
import { currency } from '../kernel/http/currency.ts'
import { email, id, minor, pageOf, siteUrl, text } from '../kernel/http/schemas.ts'

const commissionSpec = z.discriminatedUnion('type', [
  z.object({ type: z.literal('percent'), rateBps: z.number().int().min(0).max(10_000) }),
  z.object({ type: z.literal('flat'), amountMinor: minor.min(0) }),
])

export const createProgram = z.strictObject({
  name: text(120),
  currency,
  attributionWindowDays: z.number().int().min(1).max(365).optional(),
  attributionModel: z.enum(['last_click', 'first_click']).optional(),
  defaultCommission: commissionSpec.optional(),
  siteUrl: siteUrl.optional(),
}) satisfies z.ZodType<CreateProgramInput, any>

export const programOverview = z.object({ days: z.coerce.number().int().min(1).max(3650).optional() }) satisfies z.ZodType<ProgramOverviewQuery, any>

export const createConsoleToken = z.strictObject({
  manager: text(320),
  ttlSeconds: z.number().int().min(60).max(86_400).optional(),
}) satisfies z.ZodType<CreateConsoleTokenInput, any>

// A token as minted (`ct_` or `et_` and 32 characters): anything else could never be one of ours.
const token = (prefix: 'ct' | 'et') => z.string().regex(new RegExp(`^${prefix}_[0-9a-z]{32}$`), `must be a token as minted (${prefix}_…)`)

// One of two fields, checked by hand: a union's errors would only say "Invalid input".
export const revokeConsoleTokens = z
  .strictObject({ token: token('ct').optional(), manager: text(320).optional() })
  .superRefine((v, ctx) => {
    if ((v.token === undefined) === (v.manager === undefined)) ctx.addIssue({ code: 'custom', path: ['token'], message: 'give either token or manager' })
  })
  .transform(({ token, manager }): RevokeConsoleTokensInput => (token !== undefined ? { token } : { manager: manager! })) satisfies z.ZodType<RevokeConsoleTokensInput, any>

export const revokeEmbedTokens = z
  .strictObject({ token: token('et').optional(), partnerId: id('prt').optional() })
  .superRefine((v, ctx) => {
    if ((v.token === undefined) === (v.partnerId === undefined)) ctx.addIssue({ code: 'custom', path: ['token'], message: 'give either token or partnerId' })
  })
  .transform(({ token, partnerId }): RevokeEmbedTokensInput => (token !== undefined ? { token } : { partnerId: partnerId! })) satisfies z.ZodType<RevokeEmbedTokensInput, any>

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

/** `GET /v1/keys`: a page of the program's keys */
export const listKeys = pageOf('key')
