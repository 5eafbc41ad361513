// Demo data: a program with partners whose clicks, signups and sales are spread over the last 60 days,
// recorded through the same services the API uses, so the numbers add up everywhere.
import type { CreatedProgram } from '@afflio/sdk/types'
import { SYSTEM } from './audit/index.ts'
import type { Db } from './kernel/db/connect.ts'
import { createPartner } from './partners/index.ts'
import { createProgram } from './programs/index.ts'
import { recordClick } from './tracking/index.ts'
import { recordLead } from './tracking/index.ts'
import { recordRefund } from './ledger/index.ts'
import { recordSale } from './ledger/index.ts'
import { findProgram } from './programs/index.ts'

const PARTNERS = [
  { email: 'alice@partners.test', name: 'Alice Martin', externalId: 'demo-user-alice', linkCode: 'ALICE', weight: 5 },
  { email: 'bob@partners.test', name: 'Bob Okafor', externalId: 'demo-user-bob', linkCode: 'BOB', weight: 3 },
  { email: 'carol@partners.test', name: 'Carol Nguyen', externalId: 'demo-user-carol', linkCode: 'CAROL', weight: 1 },
]

/** A small deterministic generator: the demo looks the same on every start. */
function prng(seed: number) {
  return () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32)
}

export async function seed(db: Db, now = new Date()): Promise<CreatedProgram & { partnerIds: string[] }> {
  const created = await createProgram(
    db,
    // Its site: where its partners' links go (the demo sets the running demo site's address instead).
    { name: 'Acme Analytics', currency: 'USD', attributionWindowDays: 30, defaultCommission: { type: 'percent', rateBps: 2500 }, siteUrl: 'https://acme.test' },
    new Date(now.getTime() - 90 * 86_400_000),
  )
  const program = (await findProgram(db, created.program.id))!
  const rand = prng(7)
  const partnerIds: string[] = []
  for (const p of PARTNERS) {
    const { weight, ...input } = p
    const partner = await createPartner(db, program, input, { actor: SYSTEM, at: new Date(now.getTime() - 75 * 86_400_000) })
    partnerIds.push(partner.id)
    for (let day = 60; day >= 0; day--) {
      const clicks = Math.floor(rand() * weight * 4)
      for (let i = 0; i < clicks; i++) {
        const at = new Date(now.getTime() - day * 86_400_000 - Math.floor(rand() * 80_000_000))
        if (at > now) continue
        // A browser's user agent (a made-up one is a bot's to the fraud rules), one per visitor.
        const visitor = { ip: `198.51.100.${Math.floor(rand() * 250)}`, userAgent: `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.${day}.${i}.0 Safari/537.36` }
        const click = await recordClick(db, program, { code: p.linkCode, url: 'https://acme.test/pricing' }, visitor, at)
        if (!click || rand() > 0.25) continue
        // Signups and sales minutes after their click, as people take: not the fraud rules' "too soon".
        const later = (minutes: number) => new Date(Math.min(at.getTime() + minutes * 60_000, now.getTime()))
        const customerExternalId = `cust_${p.linkCode}_${day}_${i}`
        await recordLead(db, program, { clickId: click.clickId, customerExternalId }, later(4))
        if (rand() > 0.5) continue
        const plan = rand() > 0.7 ? 9900 : 2900
        const invoiceId = `in_seed_${p.linkCode}_${day}_${i}`
        await recordSale(db, program, { invoiceId, amountMinor: plan, currency: 'USD', customerExternalId }, later(11))
        if (rand() < 0.08) await recordRefund(db, program.id, { invoiceId }, later(11))
      }
    }
  }
  return { ...created, partnerIds }
}
