import type { TrackClickInput, TrackClickResult } from '@afflio/sdk/types'
import type { Db, Tx } from '../kernel/db/connect.ts'
import { notFound } from '../kernel/http/errors.ts'
import { sha256 } from '../kernel/hash.ts'
import { newId } from '../kernel/ids.ts'
import type { ProgramRow } from '../programs/index.ts'
import { recordEvent, transact } from '../kernel/events.ts'
import { findLinkByCode, insertClickUnlessRecent, latestRecentClick } from './queries.ts'
import { screenClick } from '../fraud/index.ts'

/** A reload or a double-fired script within this span is the same click. */
const DEDUP_MS = 30 * 60_000

export interface Visitor {
  ip: string
  userAgent: string
}

type LinkHit = { id: string; partner_id: string; status: string } | null

// The hot path: a link code is looked up on every click, so answers are kept briefly per process.
// A suspended partner's link stops counting within LINK_TTL_MS.
const links = new WeakMap<Db, Map<string, { at: number; link: LinkHit }>>()
const LINK_TTL_MS = 5_000

async function findLink(db: Db, programId: string, code: string): Promise<LinkHit> {
  let byCode = links.get(db)
  if (!byCode) links.set(db, (byCode = new Map()))
  const key = `${programId}|${code}`
  const hit = byCode.get(key)
  if (hit && Date.now() - hit.at < LINK_TTL_MS) return hit.link
  const link = (await findLinkByCode(db, programId, code)) ?? null
  if (byCode.size > 50_000) byCode.clear()
  byCode.set(key, { at: Date.now(), link })
  return link
}

/**
 * Records a click on a partner's link, unless the same visitor clicked the same link in the last
 * 30 minutes: then that click is answered again. One insert-if-absent statement, no transaction; for a
 * partner still `approved` (its first shared link), a transaction that also records 'click.recorded',
 * to which onboarding reacts after the commit by making the partner active.
 */
export async function recordClick(db: Db, program: ProgramRow, input: TrackClickInput, visitor: Visitor, now: Date): Promise<TrackClickResult | null> {
  const link = await findLink(db, program.id, input.code)
  if (!link || link.status === 'suspended') throw notFound(`Referral code ${input.code}`)
  // The program's fraud rules: null is a click not counted (a bot's, a burst's), answered without a click id.
  const screened = screenClick(program, visitor, now)
  if (!screened) return null

  // The address is hashed with the program id: enough to spot a reload, useless to anyone reading the table.
  const visitorHash = sha256(`${program.id}|${visitor.ip}|${visitor.userAgent}`)
  const since = new Date(now.getTime() - DEDUP_MS).toISOString()
  const window = { partnerId: link.partner_id, attributionWindowDays: program.attribution_window_days }
  const id = newId('clk', now.getTime())
  const click = {
    id,
    program_id: program.id,
    link_id: link.id,
    partner_id: link.partner_id,
    landing_url: input.url ?? null,
    referrer: input.referrer || null,
    sub_id: input.subId ?? null,
    visitor_hash: visitorHash,
    ...screened,
    created_at: now.toISOString(),
  }
  const write = async (q: Db | Tx): Promise<TrackClickResult> => {
    const inserted = await insertClickUnlessRecent(q, click, since)
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return { clickId: id, ...window, duplicate: false }
    const earlier = await latestRecentClick(q, link.id, visitorHash, since)
    return { clickId: earlier?.id ?? id, ...window, duplicate: true }
  }
  if (link.status !== 'approved') return write(db)
  // An approved partner's first click makes it active. The cached status may be stale for 5 s: activation is conditional.
  return transact(db, async (tx) => {
    const result = await write(tx)
    await recordEvent(tx, program.id, 'click.recorded', { clickId: result.clickId, partnerId: link.partner_id }, now)
    return result
  })
}
