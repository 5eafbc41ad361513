// Validators of the payout endpoints, each checked against the SDK's contract type.
import type { ExportPayoutRunQuery, FailPayoutInput, ListBalancesQuery } from '@afflio/sdk/types'
import { z } from 'zod'
import { currency } from '../kernel/http/currency.ts'

const id = (prefix: string) => z.string().regex(new RegExp(`^${prefix}_[0-9a-z]{24}$`), `must be a ${prefix}_ id`)

export const listBalances = z.object({ partnerId: id('prt').optional() }) satisfies z.ZodType<ListBalancesQuery, any>

export const exportPayoutRun = z.object({
  format: z.enum(['paypal', 'wise']),
  currency: currency.optional(),
}) satisfies z.ZodType<ExportPayoutRunQuery, any>

export const failPayout = z.strictObject({ reason: z.string().trim().min(1).max(500) }) satisfies z.ZodType<FailPayoutInput, any>
