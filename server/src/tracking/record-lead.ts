import type { Customer, TrackLeadInput } from '@afflio/sdk/types'
import type { Db, Tx } from '../kernel/db/connect.ts'
import { attribute } from './attribution.ts'
import { notFound } from '../kernel/http/errors.ts'
import { isUniqueViolation } from '../kernel/db/errors.ts'
import { newId } from '../kernel/ids.ts'
import { toCustomer } from '../ledger/index.ts'
import type { ProgramRow } from '../programs/index.ts'
import { creditCommission } from '../ledger/index.ts'

export interface LeadFacts {
  customerExternalId: string
  clickId?: string | undefined
  email?: string | undefined
  name?: string | undefined
}

/**
 * Finds or creates the customer and ties the click to it; the customer's partner is re-attributed
 * over all its clicks. Runs inside the caller's transaction (a sale may create its customer too).
 */
export async function upsertCustomer(tx: Tx, program: ProgramRow, facts: LeadFacts, now: Date) {
  const at = now.toISOString()
  let click: { id: string; partner_id: string; created_at: string } | undefined
  if (facts.clickId) {
    click = await tx
      .selectFrom('clicks')
      .select(['id', 'partner_id', 'created_at'])
      .where('program_id', '=', program.id)
      .where('id', '=', facts.clickId)
      .executeTakeFirst()
    if (!click) throw notFound(`Click ${facts.clickId}`)
  }

  let customer = await tx
    .selectFrom('customers')
    .selectAll()
    .where('program_id', '=', program.id)
    .where('external_id', '=', facts.customerExternalId)
    .executeTakeFirst()
  if (!customer) {
    customer = {
      id: newId('cus', now.getTime()),
      program_id: program.id,
      external_id: facts.customerExternalId,
      email: facts.email ?? null,
      name: facts.name ?? null,
      click_id: null,
      partner_id: null,
      created_at: at,
    }
    await tx.insertInto('customers').values(customer).execute()
  } else if ((facts.email && facts.email !== customer.email) || (facts.name && facts.name !== customer.name)) {
    customer = { ...customer, email: facts.email ?? customer.email, name: facts.name ?? customer.name }
    await tx.updateTable('customers').set({ email: customer.email, name: customer.name }).where('id', '=', customer.id).execute()
  }
  if (!click) return customer

  await tx
    .insertInto('customer_clicks')
    .values({ customer_id: customer.id, click_id: click.id, program_id: program.id, created_at: click.created_at })
    .onConflict((oc) => oc.columns(['customer_id', 'click_id']).doNothing())
    .execute()
  const clicks = await customerClicks(tx, customer.id)
  const credited = attribute(clicks, at, { windowDays: program.attribution_window_days, model: program.attribution_model, namedClickId: click.id })
  if (credited && credited.id !== customer.click_id) {
    customer = { ...customer, click_id: credited.id, partner_id: credited.partnerId }
    await tx.updateTable('customers').set({ click_id: credited.id, partner_id: credited.partnerId }).where('id', '=', customer.id).execute()
  }
  return customer
}

export async function customerClicks(tx: Tx, customerId: string) {
  const rows = await tx
    .selectFrom('customer_clicks')
    .innerJoin('clicks', 'clicks.id', 'customer_clicks.click_id')
    .select(['clicks.id', 'clicks.partner_id', 'clicks.created_at'])
    .where('customer_clicks.customer_id', '=', customerId)
    .execute()
  return rows.map((r) => ({ id: r.id, partnerId: r.partner_id, createdAt: r.created_at }))
}

/** A signup: the customer tied to its click, and a lead commission if a lead rule pays for one (once per customer). */
export async function recordLead(db: Db, program: ProgramRow, input: TrackLeadInput, now: Date): Promise<Customer> {
  const run = () => db.transaction().execute((tx) => leadInTx(tx, program, input, now))
  try {
    return await run()
  } catch (err) {
    if (!isUniqueViolation(err)) throw err
    return run() // a concurrent signup of the same customer created it first: now it is found
  }
}

async function leadInTx(tx: Tx, program: ProgramRow, input: TrackLeadInput, now: Date): Promise<Customer> {
  const customer = await upsertCustomer(tx, program, input, now)
  if (customer.partner_id) {
    const paid = await tx.selectFrom('commissions').select('id').where('customer_id', '=', customer.id).where('kind', '=', 'lead').executeTakeFirst()
    const at = now.toISOString()
    if (!paid) {
      await creditCommission(tx, program, {
        event: 'lead',
        partnerId: customer.partner_id,
        saleId: null,
        customerId: customer.id,
        customerEmail: customer.email,
        amountMinor: 0,
        currency: program.currency,
        productId: null,
        paymentNumber: 1,
        firstPaymentAt: at,
        occurredAt: at,
      }, now)
    }
  }
  return toCustomer(customer)
}
