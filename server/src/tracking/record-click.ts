import type { TrackClickInput, TrackClickResult } from '@afflio/sdk/types'
import { codeKey } from '../kernel/codes.ts'
import { type Db, isPostgres, type Tx } from '../kernel/db/connect.ts'
import { recordEvent } from '../kernel/events.ts'
import { groupCommit } from '../kernel/group-commit.ts'
import { ApiError } from '../kernel/http/errors.ts'
import { secretBoxFor } from '../kernel/secrets.ts'
import { idFloor, newId } from '../kernel/ids.ts'
import type { ProgramRow } from '../programs/index.ts'
import { screenClick } from '../fraud/index.ts'
import { partnerFirstName, rewardInForce, toOffer } from '../rewards/index.ts'
import { countClick, countClicks } from '../stats/index.ts'
import { type ClickValues, clicksAfter, findLinkByCode, insertClick, insertClicksUnlessRecent, insertClickUnlessRecent, latestRecentClick, latestRecentClicks, recentClickAt } from './queries.ts'
import { RecentVisits, visitKey } from './recent-visits.ts'
import { extended } from '../kernel/extended.ts'

/** A reload or a double-fired script within this span is the same click. */
const DEDUP_MS = 30 * 60_000

type LinkHit = { id: string; partner_id: string; status: string; name: string | null; group_reward: string | null } | null

export interface Visitor {
  ip: string
  userAgent: string
}

// The hot path: a link code is looked up on every click, so answers are kept briefly per process, by the
// code's key (any case: `alice` and `ALICE` share one entry). A suspended partner's link stops counting
// within LINK_TTL_MS.
const links = new WeakMap<Db, Map<string, { at: number; link: LinkHit }>>()
const LINK_TTL_MS = 5_000

async function findLink(db: Db, programId: string, code: string): Promise<LinkHit> {
  let byCode = links.get(db)
  if (!byCode) links.set(db, (byCode = new Map()))
  const key = codeKey(code)
  const entry = `${programId}|${key}`
  const hit = byCode.get(entry)
  if (hit && Date.now() - hit.at < LINK_TTL_MS) return hit.link
  const link = (await findLinkByCode(db, programId, key)) ?? null
  if (byCode.size > 50_000) byCode.clear()
  byCode.set(entry, { at: Date.now(), link })
  return link
}

type ClickResult = { clickId: string; duplicate: boolean }

interface ClickWrite {
  values: ClickValues
  since: string
  /** the partner is still `approved`: its first shared link, which onboarding reacts to */
  approved: boolean
  now: Date
}

/** Postgres, one click in a group commit's transaction (a batch that failed, item by item): insert-if-new (and its day's rollup), and for an approved partner 'click.recorded'. */
async function writeClick(tx: Tx, { values, since, approved, now }: ClickWrite): Promise<ClickResult> {
  let result = { clickId: values.id, duplicate: false }
  if (await insertClickUnlessRecent(tx, values, since)) await countClick(tx, values)
  else result = { clickId: (await latestRecentClick(tx, values.link_id, values.visitor_hash, since))?.id ?? values.id, duplicate: true }
  if (approved) await recordEvent(tx, values.program_id, 'click.recorded', { clickId: result.clickId, partnerId: values.partner_id }, now)
  return result
}

// SQLite: the window's visits in memory (recent-visits.ts), loaded from the table before the first click
// is written. VISITS_CAP bounds them to ~90 MB (two generations of 45 MB): past it (a million new visitors
// within one window, ~550 a second sustained) the oldest are forgotten early. The load starts a minute
// before the first click's window (clicks in flight together took their times in another order), and reads
// pages, yielding between them, so the process keeps serving while it runs (300,000 rows: 1.08 s).
const VISITS_CAP = 1_000_000
const LOAD_SLACK_MS = 60_000
const LOAD_PAGE = 5_000

async function loadVisits(db: Db, now: number): Promise<RecentVisits> {
  const from = now - DEDUP_MS - LOAD_SLACK_MS
  const visits = new RecentVisits(DEDUP_MS, VISITS_CAP, from, (keptMs) =>
    console.warn(`afflio: over ${VISITS_CAP} new click visitors within ${Math.round(keptMs / 60_000)} minutes: a reload after more than that may count as a new click. Past this rate, run on Postgres (docs/scaling.md).`),
  )
  for (let after = idFloor('clk', from); ; ) {
    const page = await clicksAfter(db, after, LOAD_PAGE)
    for (const c of page) visits.add(visitKey(c.visitor_hash, c.link_id), c.rowid, Math.max(from, Date.parse(c.created_at)))
    if (page.length < LOAD_PAGE) return visits
    after = page[page.length - 1]!.id
    await new Promise((resolve) => setImmediate(resolve))
  }
}

/** SQLite: the click stored unless its visit is in the window (in memory, confirmed by its row), answered as a click alone is; no rollup. */
async function storeUnlessRecent(tx: Tx, visits: RecentVisits, { values, since, approved, now }: ClickWrite): Promise<ClickResult> {
  const key = visitKey(values.visitor_hash, values.link_id)
  const at = now.getTime()
  const rowid = visits.candidate(key, at)
  const earlier = rowid === undefined ? undefined : await recentClickAt(tx, rowid, { link_id: values.link_id, visitor_hash: values.visitor_hash, since })
  if (!earlier) visits.add(key, await insertClick(tx, values), at)
  const result = { clickId: earlier?.id ?? values.id, duplicate: !!earlier }
  if (approved) await recordEvent(tx, values.program_id, 'click.recorded', { clickId: result.clickId, partnerId: values.partner_id }, now)
  return result
}

/**
 * SQLite: a batch of clicks, each a plain insert unless a reload (the window in memory instead of the dedup
 * index), and each day's rollup upserted once for the batch: a link shared widely gets many clicks a
 * batch. Alone (a batch that failed, click by click), one click with its own upsert.
 */
function sqliteWriters(visits: RecentVisits) {
  const writeOne = async (tx: Tx, write: ClickWrite): Promise<ClickResult> => {
    const result = await storeUnlessRecent(tx, visits, write)
    if (!result.duplicate) await countClick(tx, write.values)
    return result
  }
  const writeBatch = async (tx: Tx, writes: ClickWrite[]): Promise<ClickResult[]> => {
    const results: ClickResult[] = []
    for (const write of writes) results.push(await storeUnlessRecent(tx, visits, write))
    await countClicks(tx, writes.filter((_, i) => !results[i]!.duplicate).map((w) => w.values))
    return results
  }
  return { writeOne, writeBatch }
}

/**
 * Postgres: a batch of clicks in three statements whatever its size (each statement is a round trip
 * there): the clicks inserted unless recent, the reloads' earlier clicks read, the days' rollups added;
 * answered as writeClick answers each. A visitor's second click on a link in the same batch answers with
 * the first's, as it would one statement later: the batch's insert does not see its own rows.
 */
async function writeClicks(tx: Tx, writes: ClickWrite[]): Promise<ClickResult[]> {
  const firstOf = new Map<string, number>()
  const first = writes.map(({ values }, i) => {
    const key = `${values.link_id}|${values.visitor_hash}`
    const at = firstOf.get(key)
    if (at === undefined) firstOf.set(key, i)
    return at ?? i
  })
  const leads = writes.filter((_, i) => first[i] === i)
  const inserted = await insertClicksUnlessRecent(tx, leads.map((w) => extended(w.values, { since: w.since })))
  const reloads = leads.filter((w) => !inserted.has(w.values.id)).map((w) => ({ id: w.values.id, link_id: w.values.link_id, visitor_hash: w.values.visitor_hash, since: w.since }))
  const earlier = await latestRecentClicks(tx, reloads)
  await countClicks(tx, leads.filter((w) => inserted.has(w.values.id)).map((w) => w.values))
  const results: ClickResult[] = []
  for (const [i, w] of writes.entries()) {
    const lead = writes[first[i]!]!.values.id
    results.push(first[i] === i && inserted.has(lead) ? { clickId: lead, duplicate: false } : { clickId: earlier.get(lead) ?? lead, duplicate: true })
    if (w.approved) await recordEvent(tx, w.values.program_id, 'click.recorded', { clickId: results[i]!.clickId, partnerId: w.values.partner_id }, w.now)
  }
  return results
}

// Concurrent clicks share a transaction (kernel/group-commit.ts), answered once it has committed; one
// batch at a time. On Postgres each batch is a few statements (writeClicks): batches in parallel only
// waited on each other's row locks (a day's rollup row, the link and partner rows the foreign keys lock),
// 2.2-3.4k clicks/s with two or four at once against 2.9-4.1k with one (bench/clicks.ts, 2 cores). But a
// batch waiting on a lock a sale holds (its day's rollup row) must not hold every click of the process:
// past STALLED_MS another batch starts beside it, up to four.
const STALLED_MS = 100
type Writer = (c: ClickWrite) => Promise<ClickResult>
const writers = new WeakMap<Db, Writer | Promise<Writer>>()

function writerOf(db: Db, now: number): Writer | Promise<Writer> {
  let writer = writers.get(db)
  if (!writer) {
    if (isPostgres(db)) writer = groupCommit(db, writeClick, { writeBatch: writeClicks, overflow: { afterMs: STALLED_MS, upTo: 4 } })
    else
      writer = loadVisits(db, now).then((visits) => {
        const { writeOne, writeBatch } = sqliteWriters(visits)
        return groupCommit(db, writeOne, { writeBatch })
      })
    // A failed load is tried again by the next click.
    writers.set(db, writer)
    if (writer instanceof Promise) writer.then((w) => writers.set(db, w), () => writers.delete(db))
  }
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
  if (!link || link.status === 'suspended') throw new ApiError(404, 'not_found', `Referral code ${input.code} not found: no active link of this key's program has it`)
  // The program's fraud rules: null is a click not counted (a bot's, a burst's), answered without a click id.
  const keyed = secretBoxFor(db).keyedHash
  const screened = screenClick(program, visitor, now, keyed)
  if (!screened) return null

  // The visitor is hashed with the program under the deployment's key: enough to spot a reload, and no
  // address can be found from it by hashing every candidate (secrets.ts).
  const visitorHash = keyed(`visitor|${program.id}|${visitor.ip}|${visitor.userAgent}`)
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
  const writer = writerOf(db, now.getTime())
  const { clickId, duplicate } = await (writer instanceof Promise ? await writer : writer)({ values, since, approved: link.status === 'approved', now })
  // The visitor's reward rides on the click's answer: the script needs no second request to show it.
  const reward = toOffer(rewardInForce(link.group_reward, program.referral_reward), partnerFirstName(link.name))
  return { clickId, partnerId: link.partner_id, attributionWindowDays: program.attribution_window_days, attributionModel: program.attribution_model, duplicate, reward }
}
