// Validators of the customer and sale lists, each checked against the SDK's contract type.
import type { ListCustomersQuery, ListSalesQuery } from '@afflio/sdk/types'
import { z } from 'zod'
import { email, id, pageOf, period, periodInOrder } from '../kernel/http/schemas.ts'

export const listCustomers = pageOf('cus').extend({ partnerId: id('prt').optional(), email: email.optional() }) satisfies z.ZodType<ListCustomersQuery, any>

export const listSales = pageOf('sal')
  .extend({
    partnerId: id('prt').optional(),
    customerId: id('cus').optional(),
    ...period,
  })
  .superRefine(periodInOrder) satisfies z.ZodType<ListSalesQuery, any>

/** `GET /v1/portal/customers`: a page of the partner's customers */
export const portalCustomers = pageOf('cus')
