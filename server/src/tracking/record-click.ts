import type { TrackClickInput, TrackClickResult } from '@afflio/sdk/types'
import { type Db, isPostgres, type Tx } from '../kernel/db/connect.ts'
import { recordEvent } from '../kernel/events.ts'
import { groupCommit } from '../kernel/group-commit.ts'
import { notFound } from '../kernel/http/errors.ts'
import { sha256 } from '../kernel/hash.ts'
import { newId } from '../kernel/ids.ts'
import type { ProgramRow } from '../programs/index.ts'
import { screenClick } from '../fraud/index.ts'
import { partnerFirstName, rewardInForce, toOffer } from '../rewards/index.ts'
import { countClick } from '../stats/index.ts'
import { type ClickValues, findLinkByCode, insertClickUnlessRecent, latestRecentClick } from './queries.ts'

/** A reload or a double-fired script within this span is the same click. */
const DEDUP_MS = 30 * 60_000

type LinkHit = { id: string; partner_id: string; status: string; name: string | null; group_reward: string | null } | null

export interface Visitor {
  ip: string
  userAgent: string
}

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

interface ClickWrite {
  values: ClickValues
  since: string
  /** the partner is still `approved`: its first shared link, which onboarding reacts to */
  approved: boolean
  now: Date
}

/** One click in a group commit's transaction: insert-if-new (and its day's rollup), and for an approved partner 'click.recorded'. */
async function writeClick(tx: Tx, { values, since, approved, now }: ClickWrite): Promise<{ clickId: string; duplicate: boolean }> {
  let result = { clickId: values.id, duplicate: false }
  if (await insertClickUnlessRecent(tx, values, since)) await countClick(tx, values)
  else result = { clickId: (await latestRecentClick(tx, values.link_id, values.visitor_hash, since))?.id ?? values.id, duplicate: true }
  if (approved) await recordEvent(tx, values.program_id, 'click.recorded', { clickId: result.clickId, partnerId: values.partner_id }, now)
  return result
}

// Concurrent clicks share a transaction (kernel/group-commit.ts), answered once it has committed. Postgres
// takes several batches at once from its pool; SQLite has one connection.
const writers = new WeakMap<Db, (c: ClickWrite) => Promise<{ clickId: string; duplicate: boolean }>>()

function writerOf(db: Db) {
  let writer = writers.get(db)
  if (!writer) writers.set(db, (writer = groupCommit(db, writeClick, { concurrency: isPostgres(db) ? 4 : 1 })))
  return writer
}

/**
 * Records a click on a partner's link, unless the same visitor clicked the same link in the last
 * 30 minutes: then that click is answered again. One insert-if-absent statement, committed with the
 * clicks that arrived alongside it; for a partner still `approved` (its first shared link), also
 * 'click.recorded', to which onboarding reacts after the commit by making the partner active.
 * The answer carries the reward the visitor gets through this partner (docs/rewards.md).
 */
export async function recordClick(db: Db, program: ProgramRow, input: TrackClickInput, visitor: Visitor, now: Date): Promise<TrackClickResult | null> {
  const link = await findLink(db, program.id, input.code)
  if (!link || link.status === 'suspended') throw notFound(`Referral code ${input.code}`)
  // The program's fraud rules: null is a click not counted (a bot's, a burst's), answered without a click id.
  const screened = screenClick(program, visitor, now)
  if (!screened) return null

  // The address is hashed with the program id: enough to spot a reload, useless to anyone reading the table.
  const visitorHash = sha256(`${program.id}|${visitor.ip}|${visitor.userAgent}`)
  const values: ClickValues = {
    id: newId('clk', now.getTime()),
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
  const since = new Date(now.getTime() - DEDUP_MS).toISOString()
  // The cached status may be stale for 5 s: activation is conditional.
  const { clickId, duplicate } = await writerOf(db)({ values, since, approved: link.status === 'approved', now })
  // The visitor's reward rides on the click's answer: the script needs no second request to show it.
  const reward = toOffer(rewardInForce(link.group_reward, program.referral_reward), partnerFirstName(link.name))
  return { clickId, partnerId: link.partner_id, attributionWindowDays: program.attribution_window_days, duplicate, reward }
}
