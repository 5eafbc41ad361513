// Where a partner is seen: the addresses its portal requests come from, for the partner_address rule.
// Written at most once an hour per partner and address per process: the portal answers many requests.
import type { Db } from '../kernel/db/connect.ts'
import { addressHash } from './fraud-rules.ts'
import { notePartnerAddressRow } from './queries.ts'

const HOUR_MS = 3_600_000
const written = new Map<string, number>()

export async function notePartnerAddress(db: Db, p: { programId: string; partnerId: string }, ip: string, now: Date): Promise<void> {
  const hash = addressHash(p.programId, ip)
  if (!hash) return
  const key = `${p.partnerId}|${hash}`
  const at = now.getTime()
  if (Math.abs(at - (written.get(key) ?? -Infinity)) < HOUR_MS) return
  if (written.size > 50_000) written.clear()
  written.set(key, at)
  await notePartnerAddressRow(db, { partnerId: p.partnerId, programId: p.programId, addressHash: hash, at: now.toISOString() })
}
