// The webhooks feature's public face: other features import from here, never from its files.
export { deliverDue, startWebhookLoop } from './deliver-webhooks.ts'
export { emitEvent, emitEvents, subscribers } from './events.ts'
export type { Subscribers } from './events.ts'
export { WEBHOOK_EVENT_TYPES } from './webhook-rules.ts'
export * as webhooksSchemas from './schemas.ts'
