import type { TrackSaleInput, TrackSaleResult } from '@afflio/sdk/types'
import type { Db, Tx } from '../db/connect.ts'
import { attribute } from '../domain/attribution.ts'
import { quoteCommission } from '../domain/commission-rules.ts'
import { notFound } from '../http/errors.ts'
import { isUniqueViolation } from '../lib/db-errors.ts'
import { newId } from '../lib/ids.ts'
import { toCommission, toSale } from '../repos/conversions.ts'
import { toProgram, type ProgramRow } from '../repos/programs.ts'
import { customerClicks, upsertCustomer } from './record-lead.ts'

/**
 * Records a sale once per invoiceId and credits the partner of the customer's click inside the
 * attribution window. A concurrent duplicate loses on the unique index and gets the winner's result.
 */
export async function recordSale(db: Db, program: ProgramRow, input: TrackSaleInput, now: Date): Promise<TrackSaleResult> {
  const existing = await findSaleResult(db, program.id, input.invoiceId)
  if (existing) return existing
  try {
    return await db.transaction().execute((tx) => insertSale(tx, program, input, now))
  } catch (err) {
    if (!isUniqueViolation(err)) throw err
    const winner = await findSaleResult(db, program.id, input.invoiceId)
    if (!winner) throw err
    return winner
  }
}

async function findSaleResult(db: Db | Tx, programId: string, invoiceId: string): Promise<TrackSaleResult | null> {
  const sale = await db.selectFrom('sales').selectAll().where('program_id', '=', programId).where('invoice_id', '=', invoiceId).executeTakeFirst()
  if (!sale) return null
  const commission = await db.selectFrom('commissions').selectAll().where('sale_id', '=', sale.id).where('reverses_id', 'is', null).orderBy('id').executeTakeFirst()
  return { sale: toSale(sale), commission: commission ? toCommission(commission) : null, duplicate: true }
}

async function insertSale(tx: Tx, program: ProgramRow, input: TrackSaleInput, now: Date): Promise<TrackSaleResult> {
  const at = now.toISOString()
  const occurredAt = input.occurredAt ?? at
  let clicks: { id: string; partnerId: string; createdAt: string }[] = []
  let customerId: string | null = null
  if (input.customerExternalId) {
    const customer = await upsertCustomer(tx, program, { customerExternalId: input.customerExternalId, clickId: input.clickId }, now)
    customerId = customer.id
    clicks = await customerClicks(tx, customer.id)
  } else if (input.clickId) {
    const click = await tx.selectFrom('clicks').select(['id', 'partner_id', 'created_at']).where('program_id', '=', program.id).where('id', '=', input.clickId).executeTakeFirst()
    if (!click) throw notFound(`Click ${input.clickId}`)
    clicks = [{ id: click.id, partnerId: click.partner_id, createdAt: click.created_at }]
  }
  const credited = attribute(clicks, occurredAt, { windowDays: program.attribution_window_days, model: program.attribution_model })

  const sale = {
    id: newId('sal', now.getTime()),
    program_id: program.id,
    invoice_id: input.invoiceId,
    customer_id: customerId,
    partner_id: credited?.partnerId ?? null,
    click_id: credited?.id ?? null,
    product_id: input.productId ?? null,
    amount_minor: input.amountMinor,
    currency: input.currency,
    refunded_minor: 0,
    occurred_at: occurredAt,
    created_at: at,
  }
  await tx.insertInto('sales').values(sale).execute()
  if (!credited) return { sale: toSale(sale), commission: null, duplicate: false }

  const quote = quoteCommission(toProgram(program).defaultCommission, { amountMinor: input.amountMinor, currency: input.currency }, program.currency)
  const commission = {
    id: newId('com', now.getTime()),
    program_id: program.id,
    partner_id: credited.partnerId,
    sale_id: sale.id,
    reverses_id: null,
    amount_minor: quote.amountMinor,
    currency: quote.currency,
    status: 'pending' as const,
    reason: quote.reason,
    created_at: at,
    updated_at: at,
  }
  await tx.insertInto('commissions').values(commission).execute()
  return { sale: toSale(sale), commission: toCommission(commission), duplicate: false }
}
