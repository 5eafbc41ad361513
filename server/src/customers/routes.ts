// Referred customers and their sales (secret key or console token; mounted in app.ts's secretApi()). Read-only.
import { checkReferences } from '../kernel/http/references.ts'
import { Hono } from 'hono'
import type { AppEnv } from '../kernel/http/env.ts'
import { parseQuery } from '../kernel/http/validate.ts'
import { customersPage, salesPage } from './queries.ts'
import * as s from './schemas.ts'

export const customerRoutes = new Hono<AppEnv>()
  .get('/customers', async (c) => c.json(await customersPage(c.var.deps.db, c.var.program.id, await checkReferences(c.var.deps.db, c.var.program.id, parseQuery(c, s.listCustomers), { partnerId: 'partner' }))))
  .get('/sales', async (c) => c.json(await salesPage(c.var.deps.db, c.var.program.id, await checkReferences(c.var.deps.db, c.var.program.id, parseQuery(c, s.listSales), { partnerId: 'partner', customerId: 'customer' }))))
