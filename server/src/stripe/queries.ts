// What the Stripe webhook reads and writes besides the services it calls: the events it has applied,
// the sales an event may name, and whether a click id is the program's.
import type { Db } from '../kernel/db/connect.ts'

const SALE_COLUMNS = ['id', 'invoice_id', 'payment_id', 'partner_id', 'currency', 'refunded_minor'] as const

export async function stripeEventSeen(db: Db, programId: string, eventId: string): Promise<boolean> {
  return !!(await db.selectFrom('stripe_events').select('event_id').where('program_id', '=', programId).where('event_id', '=', eventId).executeTakeFirst())
}

/** Remembers an applied event; a concurrent delivery of the same event that marked it first wins quietly. */
export async function markStripeEvent(db: Db, programId: string, event: { id: string; type: string }, now: Date): Promise<void> {
  await db
    .insertInto('stripe_events')
    .values({ program_id: programId, event_id: event.id, type: event.type, received_at: now.toISOString() })
    .onConflict((oc) => oc.columns(['program_id', 'event_id']).doNothing())
    .execute()
}

/** The program's sales recorded under any of `invoiceIds`. */
export function salesByInvoiceId(db: Db, programId: string, invoiceIds: string[]) {
  return db.selectFrom('sales').select(SALE_COLUMNS).where('program_id', '=', programId).where('invoice_id', 'in', invoiceIds).execute()
}

/**
 * The program's sales whose payment id is any of `paymentIds`, in no order (the caller wants one per id). An
 * ORDER BY id lets SQLite's planner, without statistics, walk the program's (program_id, id) index instead.
 */
export function salesByPaymentId(db: Db, programId: string, paymentIds: string[]) {
  return db.selectFrom('sales').select(SALE_COLUMNS).where('program_id', '=', programId).where('payment_id', 'in', paymentIds).execute()
}

export async function clickExists(db: Db, programId: string, clickId: string): Promise<boolean> {
  return !!(await db.selectFrom('clicks').select('id').where('program_id', '=', programId).where('id', '=', clickId).executeTakeFirst())
}
