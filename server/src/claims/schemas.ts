// Validators of the claim endpoints, each checked against the SDK's contract type.
import type { ApproveClaimInput, FileClaimInput, ListClaimsQuery, PortalClaimsQuery, RejectClaimInput } from '@afflio/sdk/types'
import { z } from 'zod'
import { currency } from '../kernel/http/currency.ts'
import { dateOrTime, minor, pageOf, text } from '../kernel/http/schemas.ts'

const status = z.enum(['pending', 'approved', 'rejected'])
const amount = minor.min(1)

export const fileClaim = z.strictObject({
  invoiceId: text(200),
  occurredAt: dateOrTime,
  amountMinor: amount.optional(),
  currency: currency.optional(),
  // Compared with customers' emails as stored, case-insensitively: kept trimmed and lower-cased
  customerEmail: z.string().trim().toLowerCase().max(320).email().optional(),
  note: z.string().trim().max(2000).optional(),
}) satisfies z.ZodType<FileClaimInput, any>

export const listClaims = pageOf('clm').extend({ status: status.optional(), partnerId: z.string().regex(/^prt_[0-9a-z]{24}$/, 'must be a prt_ id').optional() }) satisfies z.ZodType<ListClaimsQuery, any>
export const portalClaims = pageOf('clm').extend({ status: status.optional() }) satisfies z.ZodType<PortalClaimsQuery, any>

export const approveClaim = z
  .strictObject({ amountMinor: amount.optional(), currency: currency.optional() })
  .refine((v) => v.currency === undefined || v.amountMinor !== undefined, { message: 'currency goes with amountMinor', path: ['currency'] }) satisfies z.ZodType<ApproveClaimInput, any>

export const rejectClaim = z.strictObject({ reason: text(1000) }) satisfies z.ZodType<RejectClaimInput, any>
