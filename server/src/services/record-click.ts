import type { TrackClickInput, TrackClickResult } from '@afflio/sdk/types'
import type { Db } from '../db/connect.ts'
import { notFound } from '../http/errors.ts'
import { sha256 } from '../lib/hash.ts'
import { newId } from '../lib/ids.ts'
import type { ProgramRow } from '../repos/programs.ts'

/** A reload or a double-fired script within this span is the same click. */
const DEDUP_MS = 30 * 60_000

export interface Visitor {
  ip: string
  userAgent: string
}

export async function recordClick(db: Db, program: ProgramRow, input: TrackClickInput, visitor: Visitor, now: Date): Promise<TrackClickResult> {
  const link = await db
    .selectFrom('links')
    .innerJoin('partners', 'partners.id', 'links.partner_id')
    .select(['links.id', 'links.partner_id', 'partners.status'])
    .where('links.program_id', '=', program.id)
    .where('links.code', '=', input.code)
    .executeTakeFirst()
  if (!link || link.status === 'suspended') throw notFound(`Referral code ${input.code}`)

  // The address is hashed with the program id: enough to spot a reload, useless to anyone reading the table.
  const visitorHash = sha256(`${program.id}|${visitor.ip}|${visitor.userAgent}`)
  const at = now.toISOString()
  const since = new Date(now.getTime() - DEDUP_MS).toISOString()
  const window = { partnerId: link.partner_id, attributionWindowDays: program.attribution_window_days }

  return db.transaction().execute(async (tx) => {
    const recent = await tx
      .selectFrom('clicks')
      .select('id')
      .where('link_id', '=', link.id)
      .where('visitor_hash', '=', visitorHash)
      .where('created_at', '>=', since)
      .orderBy('created_at', 'desc')
      .executeTakeFirst()
    if (recent) return { clickId: recent.id, ...window, duplicate: true }
    const id = newId('clk', now.getTime())
    await tx
      .insertInto('clicks')
      .values({
        id,
        program_id: program.id,
        link_id: link.id,
        partner_id: link.partner_id,
        landing_url: input.url ?? null,
        referrer: input.referrer || null,
        sub_id: input.subId ?? null,
        visitor_hash: visitorHash,
        created_at: at,
      })
      .execute()
    return { clickId: id, ...window, duplicate: false }
  })
}
