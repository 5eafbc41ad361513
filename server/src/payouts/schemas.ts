// Validators of the payout and webhook endpoints, each checked against the SDK's contract type.
import type { CreateWebhookEndpointInput, ExportPayoutRunQuery, FailPayoutInput, ListBalancesQuery, ListWebhookDeliveriesQuery } from '@afflio/sdk/types'
import { z } from 'zod'
import { currency } from '../kernel/http/currency.ts'
import { WEBHOOK_EVENT_TYPES } from '../webhooks/webhook-rules.ts'
import { pageQuery } from '../kernel/http/schemas.ts'

const id = (prefix: string) => z.string().regex(new RegExp(`^${prefix}_[0-9a-z]{24}$`), `must be a ${prefix}_ id`)

export const listBalances = z.object({ partnerId: id('prt').optional() }) satisfies z.ZodType<ListBalancesQuery, any>

export const exportPayoutRun = z.object({
  format: z.enum(['paypal', 'wise']),
  currency: currency.optional(),
}) satisfies z.ZodType<ExportPayoutRunQuery, any>

export const failPayout = z.strictObject({ reason: z.string().trim().min(1).max(500) }) satisfies z.ZodType<FailPayoutInput, any>

export const createWebhookEndpoint = z.strictObject({
  url: z
    .string()
    .max(2048)
    .url()
    .refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL'),
  events: z.union([z.tuple([z.literal('*')]), z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1)]),
}) satisfies z.ZodType<CreateWebhookEndpointInput, any>

export const listWebhookDeliveries = pageQuery.extend({
  endpointId: id('we').optional(),
  status: z.enum(['pending', 'delivered', 'failed']).optional(),
}) satisfies z.ZodType<ListWebhookDeliveriesQuery, any>
