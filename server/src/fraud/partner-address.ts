// Where a partner is seen: the addresses its portal requests come from, for the partner_address rule.
// Written at most once an hour per partner and address per process: the portal answers many requests.
// Kept under every configured key (secrets.ts's keyedHashes): while a rotated key is a previous key, the
// clicks hashed under it still meet the partner's addresses seen since.
import type { Db } from '../kernel/db/connect.ts'
import { secretBoxFor } from '../kernel/secrets.ts'
import { addressHash } from './fraud-rules.ts'
import { notePartnerAddressRow } from './queries.ts'

const HOUR_MS = 3_600_000
const written = new Map<string, number>()

export async function notePartnerAddress(db: Db, p: { programId: string; partnerId: string }, ip: string, now: Date): Promise<void> {
  const box = secretBoxFor(db)
  const hash = addressHash(box.keyedHash, p.programId, ip)
  if (!hash) return
  const key = `${p.partnerId}|${hash}`
  const at = now.getTime()
  if (Math.abs(at - (written.get(key) ?? -Infinity)) < HOUR_MS) return
  if (written.size > 50_000) written.clear()
  written.set(key, at)
  for (const h of addressHash((text) => box.keyedHashes(text), p.programId, ip)!) await notePartnerAddressRow(db, { partnerId: p.partnerId, programId: p.programId, addressHash: h, at: now.toISOString() })
}
