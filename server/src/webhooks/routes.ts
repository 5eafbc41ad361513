// Outgoing webhook endpoints and their delivery log: mounted in app.ts's secretApi(), whose middleware
// checks the secret key and honours Idempotency-Key.
import { checkReferences } from '../kernel/http/references.ts'
import { Hono } from 'hono'
import { auditContext } from '../kernel/http/audit-context.ts'
import type { AppEnv } from '../kernel/http/env.ts'
import * as p from './schemas.ts'
import { parseBody, parseQuery } from '../kernel/http/validate.ts'
import { createWebhookEndpoint, deleteWebhookEndpoint, listWebhookDeliveries, listWebhookEndpoints, retryWebhookDelivery } from './endpoints.ts'

const endpoints = new Hono<AppEnv>()
  .post('/', async (c) => {
    const input = await parseBody(c, p.createWebhookEndpoint)
    return c.json(await createWebhookEndpoint(c.var.deps.db, c.var.program.id, input, auditContext(c), c.var.deps.webhookNetworks), 201)
  })
  .get('/', async (c) => c.json(await listWebhookEndpoints(c.var.deps.db, c.var.program.id, parseQuery(c, p.listWebhookEndpoints))))
  .delete('/:id', async (c) => c.json(await deleteWebhookEndpoint(c.var.deps.db, c.var.program.id, c.req.param('id'), auditContext(c))))

const deliveries = new Hono<AppEnv>()
  .get('/', async (c) => c.json(await listWebhookDeliveries(c.var.deps.db, c.var.program.id, await checkReferences(c.var.deps.db, c.var.program.id, parseQuery(c, p.listWebhookDeliveries), { endpointId: 'webhook endpoint' }))))
  .post('/:id/retry', async (c) => c.json(await retryWebhookDelivery(c.var.deps.db, c.var.program.id, c.req.param('id'), auditContext(c))))

export const webhookRoutes = new Hono<AppEnv>().route('/webhook-endpoints', endpoints).route('/webhook-deliveries', deliveries)
