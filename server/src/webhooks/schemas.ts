// Validators of the webhook endpoints, each checked against the SDK's contract type.
import type { CreateWebhookEndpointInput, ListWebhookDeliveriesQuery } from '@afflio/sdk/types'
import { z } from 'zod'
import { id, pageOf } from '../kernel/http/schemas.ts'
import { WEBHOOK_EVENT_TYPES } from './webhook-rules.ts'


/** Which of the events is wrong, in words (the union's own message was "Invalid input"). */
function eventsProblem(issue: { input?: unknown }): string {
  const given = Array.isArray(issue.input) ? issue.input : null
  if (!given) return 'must be ["*"] or a list of event types'
  const unknown = given.filter((e) => e !== '*' && !(WEBHOOK_EVENT_TYPES as readonly unknown[]).includes(e))
  if (unknown.length) return `${unknown.map((e) => JSON.stringify(e)).join(', ')} ${unknown.length === 1 ? 'is not an event type' : 'are not event types'}: one of ${WEBHOOK_EVENT_TYPES.join(', ')}, or ["*"]`
  return given.includes('*') ? '"*" (every event) stands alone: ["*"]' : 'must be ["*"] or a list of event types'
}

export const createWebhookEndpoint = z.strictObject({
  url: z
    .string()
    .max(2048)
    .url()
    .refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL'),
  events: z.union([z.tuple([z.literal('*')]), z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1)], { error: eventsProblem }),
}) satisfies z.ZodType<CreateWebhookEndpointInput, any>

/** `GET /v1/webhook-endpoints`: a page of live endpoints */
export const listWebhookEndpoints = pageOf('we')

export const listWebhookDeliveries = pageOf('whd').extend({
  endpointId: id('we').optional(),
  status: z.enum(['pending', 'delivered', 'failed']).optional(),
}) satisfies z.ZodType<ListWebhookDeliveriesQuery, any>
