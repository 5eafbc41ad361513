import type { Customer, TrackLeadInput } from '@afflio/sdk/types'
import type { Db, Tx } from '../kernel/db/connect.ts'
import { attribute } from './attribution.ts'
import { notFound } from '../kernel/http/errors.ts'
import { isUniqueViolation } from '../kernel/db/errors.ts'
import { newId } from '../kernel/ids.ts'
import { toCustomer } from '../ledger/index.ts'
import type { ProgramRow } from '../programs/index.ts'
import { creditCommission } from '../ledger/index.ts'
import { clickMayBePruned, linkOfClick, moveLead } from '../stats/index.ts'
import type { CandidateClick } from './attribution.ts'
import { addCustomerClick, customerClicks, type CustomerRow, findClick, findCustomerByExternalId, hasLeadCommission, insertCustomer, type NamedClickRow, setCustomerAttribution, updateCustomerContact } from './queries.ts'

export interface LeadFacts {
  customerExternalId: string
  clickId?: string | undefined
  email?: string | undefined
  name?: string | undefined
}

/**
 * The click a lead or a sale names; null when the retention deleted it (then it goes by the customer's
 * attribution, as one without a click id would). An id from within the retention that the program does not
 * have (one it never had, or another program's) is 404.
 */
export async function namedClick(tx: Tx, program: ProgramRow, clickId: string, now: Date) {
  const click = await findClick(tx, program.id, clickId)
  if (click) return click
  if (clickMayBePruned(clickId, now, Number(program.click_retention_days))) return null
  throw notFound(`Click ${clickId}`)
}

/** The customer, and its clicks as attribution weighed them when a click was tied to it (null: not read). */
export interface UpsertedCustomer {
  customer: CustomerRow
  clicks: CandidateClick[] | null
}

/**
 * Finds or creates the customer and ties the click to it; the customer's partner is re-attributed
 * over all its clicks. Runs inside the caller's transaction (a sale may create its customer too).
 * `named`: the click `facts.clickId` names, when the caller found it already (namedClick).
 */
export async function upsertCustomer(tx: Tx, program: ProgramRow, facts: LeadFacts, now: Date, named?: NamedClickRow): Promise<UpsertedCustomer> {
  const at = now.toISOString()
  const click = named ?? (facts.clickId ? await namedClick(tx, program, facts.clickId, now) : null)

  let customer = await findCustomerByExternalId(tx, program.id, facts.customerExternalId)
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
    await insertCustomer(tx, customer)
  } else if ((facts.email && facts.email !== customer.email) || (facts.name && facts.name !== customer.name)) {
    customer = { ...customer, email: facts.email ?? customer.email, name: facts.name ?? customer.name }
    await updateCustomerContact(tx, customer.id, customer)
  }
  if (!click) return { customer, clicks: null }

  await addCustomerClick(tx, program.id, customer.id, click)
  const clicks = await customerClicks(tx, customer.id)
  const credited = attribute(clicks, at, { windowDays: program.attribution_window_days, model: program.attribution_model, namedClickId: click.id })
  if (credited && credited.id !== customer.click_id) {
    const before = customer.click_id && customer.partner_id ? { clickId: customer.click_id, partnerId: customer.partner_id } : null
    customer = { ...customer, click_id: credited.id, partner_id: credited.partnerId }
    await setCustomerAttribution(tx, customer.id, credited.id, credited.partnerId)
    await moveLead(tx, customer, before, { clickId: credited.id, partnerId: credited.partnerId })
  }
  return { customer, clicks }
}

/**
 * A signup: the customer tied to its click, and a lead commission if a lead rule pays for one (once per customer).
 * `from: 'browser'` (a publishable key, which anyone reading the host's page holds) may only create a
 * customer: one already recorded is answered unchanged (no new email or name, no click tied, no attribution
 * moved) and without its email and name, so a forged call can neither read nor re-attribute it.
 */
export async function recordLead(db: Db, program: ProgramRow, input: TrackLeadInput, now: Date, from: 'server' | 'browser' = 'server'): Promise<Customer> {
  const run = () =>
    db.transaction().execute(async (tx) => {
      if (from === 'browser') {
        const known = await findCustomerByExternalId(tx, program.id, input.customerExternalId)
        if (known) return { ...toCustomer(known), email: null, name: null }
      }
      return leadInTx(tx, program, input, now)
    })
  try {
    return await run()
  } catch (err) {
    if (!isUniqueViolation(err)) throw err
    return run() // a concurrent signup of the same customer created it first: now it is found
  }
}

async function leadInTx(tx: Tx, program: ProgramRow, input: TrackLeadInput, now: Date): Promise<Customer> {
  const { customer } = await upsertCustomer(tx, program, input, now)
  if (customer.partner_id) {
    const paid = await hasLeadCommission(tx, customer.id)
    const at = now.toISOString()
    if (!paid) {
      await creditCommission(tx, program, {
        event: 'lead',
        partnerId: customer.partner_id,
        saleId: null,
        clickId: customer.click_id,
        linkId: await linkOfClick(tx, customer.click_id),
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
