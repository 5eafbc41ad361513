// The partner's referred customers (embed token; mounted inside portal/routes.ts): their own only, addresses masked.
import { Hono } from 'hono'
import { portalCustomers } from './schemas.ts'
import { parseQuery } from '../kernel/http/validate.ts'
import type { PortalEnv } from '../portal/index.ts'
import { partnerCustomersPage } from './queries.ts'

export const portalCustomerRoutes = new Hono<PortalEnv>().get('/customers', async (c) =>
  c.json(await partnerCustomersPage(c.var.deps.db, c.var.session.program.id, c.var.session.partner.id, parseQuery(c, portalCustomers))),
)
