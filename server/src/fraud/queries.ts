// The fraud rules' facts about a conversion, and the addresses partners use the portal from.
import type { Db, Tx } from '../kernel/db/connect.ts'
import { prepare } from '../kernel/db/prepared.ts'
import type { ClickTable } from '../kernel/db/schema.ts'
import type { ClickFlag } from './fraud-rules.ts'

// Prepared (kernel/db/prepared.ts): every sale with a click reads these.
const clickRow = prepare<{ program_id: string; id: string }, Pick<ClickTable, 'created_at' | 'address_hash' | 'fraud_data'>>((db, arg) =>
  db.selectFrom('clicks').select(['created_at', 'address_hash', 'fraud_data']).where('program_id', '=', arg('program_id')).where('id', '=', arg('id')),
)
const addressSeen = prepare<{ partner_id: string; address_hash: string }, { partner_id: string }>((db, arg) =>
  db.selectFrom('partner_addresses').select('partner_id').where('partner_id', '=', arg('partner_id')).where('address_hash', '=', arg('address_hash')),
)

/** The credited click: when, from which address (hashed), the click rules it tripped on flag. */
export async function clickFacts(tx: Tx, programId: string, clickId: string) {
  const row = (await clickRow.execute(tx, { program_id: programId, id: clickId })).rows[0]
  return row ? toClickFacts(row) : null
}

export function toClickFacts(row: Pick<ClickTable, 'created_at' | 'address_hash' | 'fraud_data'>) {
  return { createdAt: row.created_at, addressHash: row.address_hash, flags: row.fraud_data ? (JSON.parse(row.fraud_data) as ClickFlag[]) : [] }
}

/** Whether the partner used the portal from this address (hashed with the program). */
export async function partnerSeenAt(tx: Tx, partnerId: string, addressHash: string): Promise<boolean> {
  return (await addressSeen.execute(tx, { partner_id: partnerId, address_hash: addressHash })).rows.length > 0
}

// Prepared: a sale with a customer reads these when the rules that need them are on.
const payoutEmailOf = prepare<{ partner_id: string }, { email: string | null }>((db, arg) =>
  db.selectFrom('partner_payout_details').select('email').where('partner_id', '=', arg('partner_id')),
)
const customerCreated = prepare<{ id: string; partner_id: string }, { created_at: string; first_click_at: string | null }>((db, arg) =>
  db
    .selectFrom('customers')
    .select((eb) => [
      'customers.created_at',
      eb
        .selectFrom('customer_clicks')
        .innerJoin('clicks', 'clicks.id', 'customer_clicks.click_id')
        .select((c) => c.fn.min<string>('clicks.created_at').as('at'))
        .whereRef('customer_clicks.customer_id', '=', 'customers.id')
        .where('clicks.partner_id', '=', arg('partner_id'))
        .as('first_click_at'),
    ])
    .where('customers.id', '=', arg('id')),
)

/** The partner's PayPal or Wise address, if it gave one. */
export async function payoutEmail(tx: Tx, partnerId: string): Promise<string | null> {
  return (await payoutEmailOf.execute(tx, { partner_id: partnerId })).rows[0]?.email ?? null
}

/** When the customer was created, and the partner's first click tied to it (one statement). */
export async function customerFacts(tx: Tx, customerId: string, partnerId: string) {
  const row = (await customerCreated.execute(tx, { id: customerId, partner_id: partnerId })).rows[0]
  return { customerCreatedAt: row?.created_at ?? null, firstClickAt: row?.first_click_at ?? null }
}

/** Records (or refreshes) an address the partner used the portal from. */
export async function notePartnerAddressRow(db: Db, row: { partnerId: string; programId: string; addressHash: string; at: string }) {
  await db
    .insertInto('partner_addresses')
    .values({ partner_id: row.partnerId, program_id: row.programId, address_hash: row.addressHash, last_seen_at: row.at })
    .onConflict((oc) => oc.columns(['partner_id', 'address_hash']).doUpdateSet({ last_seen_at: row.at }))
    .execute()
}
