// A conversion's fraud verdict: gathers the facts the program's rules need (only those), then
// fraud-rules.ts decides. Runs inside the caller's transaction (the ledger's, as it credits).
import type { Tx } from '../kernel/db/connect.ts'
import type { ProgramRow } from '../programs/index.ts'
import { type ConversionFacts, type ConversionVerdict, judgeConversion, readFraudRules } from './fraud-rules.ts'
import type { ClickTable } from '../kernel/db/schema.ts'
import { clickFacts, customerFacts, partnerSeenAt, payoutEmail, toClickFacts } from './queries.ts'

export interface Conversion {
  partner: { id: string; email: string }
  /** The credited click, if any */
  clickId: string | null
  /** A click the caller read already (the sale's named click): spares reading the credited click again when it is this one */
  clickRow?: Pick<ClickTable, 'id' | 'created_at' | 'address_hash' | 'fraud_data'> | null
  customerId: string | null
  customerEmail: string | null
  /** 1 for a sale or a lead; a renewal (2 on) is judged on its emails only: its click was judged with the first payment */
  paymentNumber: number
  occurredAt: string
}

export async function judgeCommission(tx: Tx, program: ProgramRow, c: Conversion): Promise<ConversionVerdict> {
  const rules = readFraudRules(program.fraud_rules)
  const on = (mode: string) => mode !== 'off'
  const facts: ConversionFacts = {
    occurredAt: c.occurredAt,
    partnerEmail: c.partner.email,
    payoutEmail: on(rules.payoutEmail) && c.customerEmail ? await payoutEmail(tx, c.partner.id) : null,
    customerEmail: c.customerEmail,
    click: null,
    customerCreatedAt: null,
    firstClickAt: null,
  }
  const click = c.clickId && c.paymentNumber === 1 ? (c.clickRow?.id === c.clickId ? toClickFacts(c.clickRow) : await clickFacts(tx, program.id, c.clickId)) : null
  if (click && c.clickId) {
    const seen = on(rules.partnerAddress) && click.addressHash ? await partnerSeenAt(tx, c.partner.id, click.addressHash) : false
    facts.click = { id: c.clickId, createdAt: click.createdAt, flags: click.flags, partnerAddress: seen }
    if (on(rules.existingCustomer) && c.customerId) Object.assign(facts, await customerFacts(tx, c.customerId, c.partner.id))
  }
  return judgeConversion(facts, rules)
}
