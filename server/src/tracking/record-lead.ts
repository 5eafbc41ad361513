import type { AuditActor, Customer, TrackLeadInput, TrackLeadReceived } from '@afflio/sdk/types'
import type { Db, Tx } from '../kernel/db/connect.ts'
import { attribute, type ClaimStep, claimStep, type CustomerClaim } from './attribution.ts'
import { notFound } from '../kernel/http/errors.ts'
import { isUniqueViolation } from '../kernel/db/errors.ts'
import { newId } from '../kernel/ids.ts'
import { creditLeadOnce, leadAfterTakeOver, toCustomer } from '../ledger/index.ts'
import type { ProgramRow } from '../programs/index.ts'
import { clickMayBePruned, moveLead } from '../stats/index.ts'
import type { CandidateClick } from './attribution.ts'
import { addCustomerClick, customerClicks, type CustomerRow, findClick, findCustomerByExternalId, insertCustomer, type NamedClickRow, setCustomerAttribution, takeOverCustomer, updateCustomer } from './queries.ts'

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
  /** On a take-over only (claimStep's `take_over`): the partner and click the browsers had given it, now dropped */
  takenFrom: TakenFrom | null
}

/** What a customer the server took over had from the browsers. */
export interface TakenFrom {
  partnerId: string | null
  clickId: string | null
}

/**
 * Finds or creates the customer and ties the click to it; the customer's partner is re-attributed
 * over all its clicks. Runs inside the caller's transaction (a sale may create its customer too).
 * `named`: the click `facts.clickId` names, when the caller found it already (namedClick).
 * The server's call (a sale, a secret-key lead, a Stripe checkout): claimStep's `create`, `take_over`, `adopt` or `update`.
 */
export async function upsertCustomer(tx: Tx, program: ProgramRow, facts: LeadFacts, now: Date, named?: NamedClickRow): Promise<UpsertedCustomer & { step: ClaimStep }> {
  return (await claimCustomer(tx, program, facts, now, 'server', named))!
}

/** What `by` may do to the customer `facts` names (claimStep), done; null when there is none (a browser's `ignore` of a new one). */
async function claimCustomer(tx: Tx, program: ProgramRow, facts: LeadFacts, now: Date, by: CustomerClaim, named?: NamedClickRow): Promise<(UpsertedCustomer & { step: ClaimStep }) | null> {
  const at = now.toISOString()
  const click = named ?? (facts.clickId ? await namedClick(tx, program, facts.clickId, now) : null)

  let customer = await findCustomerByExternalId(tx, program.id, facts.customerExternalId)
  const step = claimStep(customer?.claimed_by ?? null, by, click !== null)
  if (step === 'ignore') return customer ? { customer, clicks: null, takenFrom: null, step } : null
  let takenFrom: TakenFrom | null = null
  if (!customer) {
    customer = {
      id: newId('cus', now.getTime()),
      program_id: program.id,
      external_id: facts.customerExternalId,
      email: facts.email ?? null,
      name: facts.name ?? null,
      click_id: null,
      partner_id: null,
      claimed_by: by,
      created_at: at,
    }
    await insertCustomer(tx, customer)
  } else if (step === 'take_over') {
    // The browsers' lead is taken back on the day it was counted; from now on the customer is as if new
    // (created now: the fraud rules' "existing customer" must not date it from a claim made ahead of it).
    if (customer.click_id && customer.partner_id) await moveLead(tx, customer, { clickId: customer.click_id, partnerId: customer.partner_id }, null)
    takenFrom = { partnerId: customer.partner_id, clickId: customer.click_id }
    customer = { ...customer, claimed_by: 'server', click_id: null, partner_id: null, email: facts.email ?? null, name: facts.name ?? null, created_at: at }
    await takeOverCustomer(tx, customer.id, customer)
  } else {
    // `update`, or `adopt`: the browser's click stands, and the customer is the server's from now on
    const next = { ...customer, email: facts.email ?? customer.email, name: facts.name ?? customer.name, claimed_by: by }
    if (next.email !== customer.email || next.name !== customer.name || next.claimed_by !== customer.claimed_by) {
      customer = next
      await updateCustomer(tx, customer.id, customer)
    }
  }
  if (!click) return { customer, clicks: null, takenFrom, step }

  await addCustomerClick(tx, program.id, customer.id, click)
  const clicks = await customerClicks(tx, customer.id)
  const credited = attribute(clicks, at, { windowDays: program.attribution_window_days, model: program.attribution_model, namedClickId: click.id })
  if (credited && credited.id !== customer.click_id) {
    const before = customer.click_id && customer.partner_id ? { clickId: customer.click_id, partnerId: customer.partner_id } : null
    customer = { ...customer, click_id: credited.id, partner_id: credited.partnerId }
    await setCustomerAttribution(tx, customer.id, credited.id, credited.partnerId)
    await moveLead(tx, customer, before, { clickId: credited.id, partnerId: credited.partnerId })
  }
  return { customer, clicks, takenFrom, step }
}

/**
 * A signup: the customer tied to its click, and a lead commission if a lead rule pays for one (once per customer).
 * From the server (a secret key, a Stripe checkout): see upsertCustomer. `actor`: who the audit log names
 * when the lead takes a customer over (leadAfterTakeOver); Afflio itself (a Stripe event) when absent.
 */
export async function recordLead(db: Db, program: ProgramRow, input: TrackLeadInput, now: Date, actor?: AuditActor): Promise<Customer> {
  return leadOnce(db, async (tx) => {
    const { customer, takenFrom } = (await claimCustomer(tx, program, input, now, 'server'))!
    if (takenFrom) await leadAfterTakeOver(tx, program, customer, takenFrom, now, actor) // the browsers' lead follows the customer
    await creditLeadOnce(tx, program, customer, now)
    return toCustomer(customer)
  })
}

/**
 * A signup sent with the publishable key, which anyone reading the host's page holds (claimStep): it creates
 * a customer only with a click, tied to it; one already recorded is left as it is (no email or name, no
 * click tied, no attribution moved). The answer depends on what the call sent alone, never on the customer
 * it names: with a click, that it was received; without one (or with one the retention deleted), null
 * (nothing recorded). So a forged call can neither re-attribute a customer nor learn whether an id is one,
 * whose it is, or since when. The server's first lead or sale of a customer only browsers named takes it
 * over when it names a click of its own (dropping what they said), and otherwise adopts it with the
 * browser's click (claimStep).
 */
export async function recordBrowserLead(db: Db, program: ProgramRow, input: TrackLeadInput, now: Date): Promise<TrackLeadReceived | null> {
  return leadOnce(db, async (tx) => {
    const click = input.clickId ? await namedClick(tx, program, input.clickId, now) : null
    if (!click) return null // claimStep: a browser's call without a click records nothing, whoever the id is
    const claimed = await claimCustomer(tx, program, input, now, 'browser', click)
    if (claimed?.step === 'create') await creditLeadOnce(tx, program, claimed.customer, now)
    return { received: true, customerExternalId: input.customerExternalId, clickId: click.id }
  })
}

async function leadOnce<T>(db: Db, lead: (tx: Tx) => Promise<T>): Promise<T> {
  const run = () => db.transaction().execute(lead)
  try {
    return await run()
  } catch (err) {
    if (!isUniqueViolation(err)) throw err
    return run() // a concurrent signup of the same customer created it first: now it is found
  }
}
