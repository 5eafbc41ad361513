// Validators of the payout endpoints and of the payout details a partner sets in the portal, each
// checked against the SDK's contract type.
import type { ExportPayoutRunQuery, FailPayoutInput, ListBalancesQuery, PayoutDetails } from '@afflio/sdk/types'
import { z } from 'zod'
import { currency } from '../kernel/http/currency.ts'
import { email, id, pageOf, text } from '../kernel/http/schemas.ts'
import { isValidIban, looksLikeIban } from './payout-details.ts'

export const listBalances = z.object({ partnerId: id('prt').optional() }) satisfies z.ZodType<ListBalancesQuery, any>

export const exportPayoutRun = z.object({
  format: z.enum(['paypal', 'wise']),
  currency: currency.optional(),
  status: z.enum(['pending', 'paid']).optional(),
}) satisfies z.ZodType<ExportPayoutRunQuery, any>

export const failPayout = z.strictObject({ reason: text(500) }) satisfies z.ZodType<FailPayoutInput, any>

// Which field each method needs (PayoutDetails documents it); an IBAN-looking bank reference must be a valid IBAN.
export const payoutDetails = z.discriminatedUnion('method', [
  // The address goes into the payout file as it is (it is where the money goes): one a spreadsheet would run
  // as a formula is refused, as export.ts takes a name's formula lead off.
  z.strictObject({ method: z.enum(['paypal', 'wise']), email: email.refine((e) => !/^[=+\-@]/.test(e), 'must not start with =, +, - or @ (a spreadsheet would read the payout file as a formula)') }),
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

/** `GET /v1/payout-runs`: a page of runs */
export const listPayoutRuns = pageOf('prun')
