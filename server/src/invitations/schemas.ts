// Validators of the import and invitation endpoints, each checked against the SDK's contract type. A
// row of an import is checked by import-rows.ts, row by row, so every bad row is reported at once.
import type { AcceptInvitationInput, ImportPartnerRow, ImportPartnersInput, ListInvitationsQuery, ResendInvitationInput } from '@afflio/sdk/types'
import { z } from 'zod'
import { countryCode, email, id, linkCode, pageOf, text } from '../kernel/http/schemas.ts'
import { partnersSchemas } from '../partners/index.ts'

export const MAX_IMPORT_ROWS = 1000

const acceptUrl = partnersSchemas.website
const expiresInDays = z.number().int().min(1).max(60)

export const importRow = z.strictObject({
  email,
  name: text(200).optional(),
  country: countryCode.optional(),
  website: partnersSchemas.website.optional(),
  externalId: text(200).optional(),
  linkCode: linkCode.optional(),
}) satisfies z.ZodType<ImportPartnerRow, any>

/**
 * Rows are taken as any objects here and checked one by one, with their line, by import-rows.ts against
 * `importRow`, so that every bad row is reported at once (a validator stops a body at its first problem).
 */
export const importPartners = z
  .strictObject({
    csv: z.string().min(1).optional(),
    rows: z.array(z.record(z.string(), z.unknown())).optional(),
    acceptUrl,
    expiresInDays: expiresInDays.optional(),
    dryRun: z.boolean().optional(),
  })
  .refine((b) => (b.csv === undefined) !== (b.rows === undefined), { message: 'send exactly one of csv and rows', path: ['csv'] })

// The SDK's input, every row of it included, is what this validator takes (the rows' own check is `importRow`'s).
true satisfies ImportPartnersInput extends z.input<typeof importPartners> ? true : false

export const acceptInvitation = z.strictObject({
  token: z.string().regex(/^inv_[0-9a-z]{32}$/, 'must be the invitation parameter of the link, inv_…'),
  externalId: text(200),
}) satisfies z.ZodType<AcceptInvitationInput, any>

export const resendInvitation = z.strictObject({ acceptUrl, expiresInDays: expiresInDays.optional() }) satisfies z.ZodType<ResendInvitationInput, any>

export const listInvitations = pageOf('inv').extend({ partnerId: id('prt').optional() }) satisfies z.ZodType<ListInvitationsQuery, any>
