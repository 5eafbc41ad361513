// Paying challenge rewards, exactly once per (challenge, partner), through the commission ledger.
//
// When progress is checked:
// - sales and revenue: after a credited sale commits, in reaction to its 'sale.credited' event
//   (challenges/reactions.ts; kernel/events.ts retries it until it is done);
// - clicks: never on the click's hot path. A click challenge is settled when its progress is read (the
//   portal's list, the program's leaderboard) and by the maintenance loop every minute, which also makes
//   a last pass once a challenge has ended and catches partners who joined a segment after their sales.
//
// Exactly once: a (challenge, partner) reward row is unique, inserted with ON CONFLICT DO NOTHING in the
// transaction that writes the bonus commission, so a concurrent second award inserts nothing and pays
// nothing. At least once under concurrent sales: each sale's check starts after the sale committed, and on
// Postgres the check for one (challenge, partner) takes an advisory lock before counting, so of checks
// running together the last one counts all the sales (read committed: each statement sees what committed
// before it). SQLite runs one writer at a time. The partner's notice is an event written with the reward.
import type { ChallengeMet } from '@afflio/sdk/types'
import type { Db, Tx } from '../kernel/db/connect.ts'
import { recordEvent, transact } from '../kernel/events.ts'
import { formatMoney } from '../kernel/money.ts'
import { bonusSentence, describeTarget, isMet } from './challenge-rules.ts'
import { ApiError } from '../kernel/http/errors.ts'
import { newId } from '../kernel/ids.ts'
import { type ChallengeRow, markSettled, openChallengesForSale, progressByPartner, unsettledChallenges } from './queries.ts'
import { findPartnerStatus, insertReward, lockChallengePartner, paidPartnerIds, setRewardCommission } from './reward-queries.ts'
import { creditBonus, toCommission } from '../ledger/index.ts'
import { findProgram, type ProgramRow } from '../programs/index.ts'
import { emitEvent } from '../webhooks/index.ts'
import { partnerInSegment, segmentPartnerIds } from '../segments/index.ts'

/**
 * After a credited sale has committed, in the reaction's transaction: pays the partner any sales or
 * revenue challenge it has now met. Challenges count a sale by when it happened, so a late report of a
 * sale inside the window still counts.
 */
export async function challengesAfterSale(tx: Tx, programId: string, sale: { partnerId: string; currency: string; occurredAt: string }, now: Date): Promise<void> {
  // In id order: locks are taken in this order, so two sales of one partner never wait on each other in a cycle.
  const open = await openChallengesForSale(tx, programId, sale)
  if (open.length === 0) return // most sales: the program is read only when there is something to pay
  const program = await findProgram(tx, programId)
  if (!program) return
  for (const c of open) await awardIfMet(tx, program, c, sale.partnerId, now)
}

/**
 * Pays every eligible partner who has met the challenge and has no reward yet, one transaction each.
 * `partnerId` narrows it to one partner (the portal). Returns how many were paid.
 */
export async function settleChallenge(db: Db, program: ProgramRow, c: ChallengeRow, now: Date, partnerId?: string): Promise<number> {
  // A bounty pays per approved submission (bounties.ts), not for a target met.
  if (c.metric === 'bounty' || c.archived_at !== null || now.toISOString() < c.starts_at) return 0
  const progress = await progressByPartner(db, c, partnerId)
  const target = Number(c.target)
  let due = [...progress].filter(([, value]) => isMet(target, value)).map(([p]) => p)
  if (due.length === 0) return 0
  const paid = await paidPartnerIds(db, c.id, partnerId)
  due = due.filter((p) => !paid.has(p))
  let n = 0
  for (const p of due) if (await transact(db, (tx) => awardIfMet(tx, program, c, p, now))) n++
  return n
}

/**
 * The maintenance loop's pass: settles every running challenge, and once more after its end (then marks it
 * settled and stops sweeping it). Returns how many rewards were paid.
 */
export async function settleChallenges(db: Db, now: Date): Promise<number> {
  const at = now.toISOString()
  const due = await unsettledChallenges(db, at)
  const programs = new Map<string, ProgramRow>()
  let paid = 0
  for (const c of due) {
    try {
      let program = programs.get(c.program_id)
      if (!program) {
        program = await findProgram(db, c.program_id)
        if (!program) throw new Error(`program ${c.program_id} not found`)
        programs.set(c.program_id, program)
      }
      paid += await settleChallenge(db, program, c, now)
      if (c.ends_at <= at) await markSettled(db, c.id, at)
    } catch (err) {
      console.error(`settling challenge ${c.id} failed:`, err)
    }
  }
  return paid
}

/** Whether the partner takes part: everyone, or the segment's members now. A deleted segment has none. */
export async function isEligible(db: Db | Tx, c: ChallengeRow, partnerId: string, now: Date): Promise<boolean> {
  if (c.segment_id === null) return true
  try {
    return await partnerInSegment(db, c.program_id, c.segment_id, partnerId, now)
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return false
    throw err
  }
}

/** The segment's members now (null: every partner takes part). A deleted segment has none. */
export async function eligiblePartners(db: Db | Tx, c: ChallengeRow, now: Date): Promise<Set<string> | null> {
  if (c.segment_id === null) return null
  try {
    return new Set(await segmentPartnerIds(db, c.program_id, c.segment_id, now))
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return new Set()
    throw err
  }
}

/** The challenge and its reward, as a bonus's decision record names them. */
export const bonusOf = (c: ChallengeRow) => ({ challengeId: c.id, challengeName: c.name, rewardMinor: Number(c.reward_minor), rewardCurrency: c.reward_currency })

/** Checks and pays one (challenge, partner) inside `tx`: eligible, then (locked) counted, then paid once. */
async function awardIfMet(tx: Tx, program: ProgramRow, c: ChallengeRow, partnerId: string, now: Date): Promise<boolean> {
  if (!(await isEligible(tx, c, partnerId, now))) return false
  await lockChallengePartner(tx, c.id, partnerId)
  const progress = (await progressByPartner(tx, c, partnerId)).get(partnerId) ?? 0
  if (!isMet(Number(c.target), progress)) return false
  return payReward(tx, program, c, partnerId, progress, now)
}

/**
 * The reward row, then the bonus commission and its events, and the partner's notice (an event too,
 * messaging posts it after the commit). Returns false
 * (and writes nothing) when the partner was paid already or is suspended.
 */
async function payReward(tx: Tx, program: ProgramRow, c: ChallengeRow, partnerId: string, progress: number, now: Date): Promise<boolean> {
  const partner = await findPartnerStatus(tx, program.id, partnerId)
  if (!partner || partner.status === 'suspended') return false
  const at = now.toISOString()
  const reward = await insertReward(tx, { id: newId('chr', now.getTime()), program_id: program.id, challenge_id: c.id, partner_id: partnerId, commission_id: null, progress, met_at: at })
  if (!reward) return false

  // A bonus waits out the holding period like any commission: time for the program to look at it. Past
  // the cap of the program's or the challenge's budget, it is held or stepped down (ledger's creditBonus).
  const metric = c.metric as Exclude<ChallengeRow['metric'], 'bounty'>
  const commission = await creditBonus(tx, program, partnerId, { ...bonusOf(c), kind: 'target', metric, target: Number(c.target), currency: c.currency, progress, metAt: at }, now)
  await setRewardCommission(tx, reward.id, commission.id)
  const api = toCommission(commission)
  const met: ChallengeMet = { challengeId: c.id, challengeName: c.name, partnerId, progress, target: Number(c.target), metAt: at, commission: api }
  await emitEvent(tx, program.id, 'challenge.met', met, now)
  await recordEvent(
    tx,
    program.id,
    'partner.notice',
    {
      partnerId,
      kind: 'challenge_won',
      subject: `Challenge met: ${c.name}`,
      body: `You reached ${describeTarget({ metric: c.metric, target: Number(c.target), currency: c.currency })} in the "${c.name}" challenge. ${bonusSentence(formatMoney(commission.amount_minor, commission.currency), commission.status)}`,
    },
    now,
  )
  return true
}
