// Internal events: what a change means to other features, and their reactions, after the change commits.
//
// A service writes the event in its own transaction (`recordEvent`: a row in `internal_events`, the
// outbox), so the event exists if and only if the change does. Features register reactions for it on the
// EventBus (onboarding/reactions.ts, challenges/reactions.ts, messaging/reactions.ts; composed in app.ts);
// the service imports none of them. Reactions run after the commit:
// - at once, in this process, when the transaction was opened with `transact` (best effort, in the
//   background: the request that made the change does not wait, and a failing reaction cannot undo it);
// - by the event loop (`dispatchDue`, `startEventLoop`) for whatever is not done: a reaction that failed
//   (retried with backoff, then given up and logged), or a process that stopped before it was done. An
//   event is leased to the process that wrote it for EVENT_LEASE_MS, so the loop does not race its dispatch.
// At least once per reaction, and its writes commit once: they run in the event's one transaction, after the
// event's (event, reaction) markers were inserted (one statement); a second run finds the marker and does
// nothing. When a reaction throws, the transaction is rolled back and run again with each reaction in a
// savepoint, so the one that failed is undone alone and its marker taken back. Savepoints only then: they
// were 6 of a sale's 32 round trips to Postgres.
import type { NoticeKind } from '@afflio/sdk/types'
import type { Db, Tx } from './db/connect.ts'
import {
  claimEvent,
  deleteDoneEvents,
  dueEvents,
  insertEvent,
  deleteReactionMarker,
  insertReactionMarkers,
  markEventsDone,
  recordEventFailure,
  releaseSavepoint,
  rollbackToSavepoint,
  savepoint,
} from './events-queries.ts'
import { transactionWithin } from './db/contention.ts'
import { isContention } from './db/errors.ts'
import { newId } from './ids.ts'
import { startOutboxLoop } from './outbox-loop.ts'
import { afterTry, type Backoff, leaseEnd, maxTries, retryDelayMs } from './retry-schedule.ts'

/** Every internal event and its data: the contract between the feature that records it and those that react. */
export interface EventData {
  /** A sale was credited to a partner: when recorded, or later when a repeat brought its click. */
  /** `announced`: the partner is told of its commission by the caller's own notice (a won deal, an approved claim), not by the sale's. */
  'sale.credited': { saleId: string; partnerId: string; amountMinor: number; currency: string; occurredAt: string; announced?: boolean }
  /** A click on the link of a partner who is `approved` (not yet active): its first shared link. */
  'click.recorded': { clickId: string; partnerId: string }
  /**
   * Something to tell a partner: a system message in its thread, a notice of `kind` (default `message`)
   * and, unless `email` is false or the partner turned the kind off, an email. `commissionId`: the
   * commission it tells of, whose amount and payment messaging adds to the body (the one notice of it).
   */
  'partner.notice': { partnerId: string; kind?: NoticeKind; subject: string; body: string; email?: boolean; commissionId?: string }
  /** A won dispute gave a partner back what its chargeback took from a commission (`commissionId`: the row giving it back; `owedNow`: approved, else it waits with its commission). */
  'commission.reinstated': { commissionId: string; partnerId: string; amountMinor: number; currency: string; owedNow: boolean }
  /** A payout was paid (marked paid by hand, or confirmed by a provider). */
  'payout.sent': { payoutId: string; partnerId: string; amountMinor: number; currency: string }
  /** The program wrote in a partner's thread. */
  'message.posted': { messageId: string; partnerId: string; senderName: string | null; body: string }
  /** An application was rejected: the applicant, who is no partner, is told by email. */
  'applicant.rejected': { applicationId: string; email: string; reason: string }
}

export type EventType = keyof EventData

export interface InternalEvent<T extends EventType = EventType> {
  id: string
  type: T
  programId: string
  data: EventData[T]
  /** when the change happened (the time its service was given); reactions date their writes by it */
  createdAt: string
  /** failed runs so far */
  attempts: number
}

/**
 * A reaction: runs inside its own transaction; throwing rolls back its writes and schedules a retry.
 * `now` is when it runs; `event.createdAt` is when the change happened.
 */
export type Reaction<T extends EventType> = (tx: Tx, event: InternalEvent<T>, now: Date) => Promise<void>

/** How long the process that wrote an event has it to itself before the loop may run it too. */
export const EVENT_LEASE_MS = 60_000
/** Waits between an event's runs: 1m, 5m, 30m, 2h, 8h, 24h, 24h. */
export const EVENT_BACKOFF: Backoff = [1, 5, 30, 120, 480, 1440, 1440]
/** Runs in all, the first included. */
export const EVENT_MAX_ATTEMPTS = maxTries(EVENT_BACKOFF)
const ERROR_TEXT = 1000

/** The wait before the next run after `attempts` failed runs; null when it is time to give up. */
export function eventRetryDelayMs(attempts: number): number | null {
  return retryDelayMs(EVENT_BACKOFF, attempts)
}

interface Registered {
  name: string
  run: Reaction<EventType>
}

export interface EventBusOptions {
  /** The clock of in-process runs (the app's) */
  now: () => Date
  /** In-process runs at once; more wait in a queue. Default 4 */
  concurrency?: number
  /** Events queued in process beyond this are left to the loop. Default 10 000 */
  maxQueue?: number
  onError?: (err: unknown, where: string) => void
}

/** The reactions, by event type, and the in-process queue of events to run after their commit. */
export class EventBus {
  readonly #reactions = new Map<EventType, Registered[]>()
  readonly #queue: InternalEvent[] = []
  readonly #idle: Array<() => void> = []
  #running = 0

  constructor(
    readonly db: Db,
    readonly options: EventBusOptions,
  ) {}

  /** Registers a reaction under a name that is unique for the type: the name keys its runs, keep it stable. */
  on<T extends EventType>(type: T, name: string, run: Reaction<T>): this {
    const list = this.#reactions.get(type) ?? []
    if (list.some((r) => r.name === name)) throw new Error(`A reaction named ${name} is already registered for ${type}`)
    list.push({ name, run: run as unknown as Reaction<EventType> })
    this.#reactions.set(type, list)
    return this
  }

  reactionsFor(type: string): readonly Registered[] {
    return this.#reactions.get(type as EventType) ?? []
  }

  onError(err: unknown, where: string): void {
    ;(this.options.onError ?? ((e, w) => console.error(`event reaction failed (${w}):`, e)))(err, where)
  }

  /** Runs the events' reactions in the background, now; never throws. What it cannot do, the loop does. */
  dispatch(events: InternalEvent[]): void {
    const room = (this.options.maxQueue ?? 10_000) - this.#queue.length
    this.#queue.push(...events.slice(0, Math.max(0, room)))
    this.#pump()
  }

  /** Resolves when the in-process queue is empty and nothing runs, including events recorded by reactions. */
  async drain(): Promise<void> {
    while (this.#running > 0 || this.#queue.length > 0) await new Promise<void>((resolve) => this.#idle.push(resolve))
  }

  #pump(): void {
    while (this.#running < (this.options.concurrency ?? 4) && this.#queue.length > 0) {
      // Events queued together share a transaction (one commit, not one each): a burst of sales.
      const events = this.#queue.splice(0, EVENT_BATCH)
      this.#running++
      runEvents(this, events, this.options.now())
        .catch((err) => this.onError(err, events.map((e) => `${e.type} ${e.id}`).join(', ')))
        .finally(() => {
          this.#running--
          this.#pump()
          if (this.#running === 0 && this.#queue.length === 0) for (const resolve of this.#idle.splice(0)) resolve()
        })
    }
  }
}

// One bus per database handle (like its secret box): services are given `db`, and find the bus from it.
const buses = new WeakMap<Db, EventBus>()

export function attachEventBus(bus: EventBus): EventBus {
  buses.set(bus.db, bus)
  return bus
}

export function eventBusOf(db: Db): EventBus | undefined {
  return buses.get(db)
}

// The events recorded in each open transaction that `transact` opened, to dispatch after its commit.
const recorded = new WeakMap<Tx, InternalEvent[]>()

/**
 * `db.transaction().execute(fn)`, then, once it has committed, the reactions to the events recorded in it
 * start in the background. Use it for every transaction that records events (else they wait for the loop).
 * Opened while another transaction is open (`within`), it waits for locks only until that one's deadline.
 */
export async function transact<T>(db: Db, fn: (tx: Tx) => Promise<T>, within?: Tx): Promise<T> {
  let events: InternalEvent[] = []
  const result = await (within ? transactionWithin(db, within) : db.transaction()).execute(async (tx) => {
    // A transaction retried after contention runs `fn` again on a new tx: only the last attempt's events count.
    events = []
    recorded.set(tx, events)
    return fn(tx)
  })
  if (events.length > 0) eventBusOf(db)?.dispatch(events)
  return result
}

/** Marks how many events `tx` has recorded; the function it returns forgets those recorded since (rolled back to a savepoint). */
export function eventMark(tx: Tx): () => void {
  const list = recorded.get(tx)
  const at = list?.length ?? 0
  return () => void (list && (list.length = at))
}

/**
 * Records an event in the caller's transaction. Its reactions run after the commit (see `transact`).
 *
 * @example
 * await transact(db, async (tx) => {
 *   await tx.insertInto('sales').values(sale).execute()
 *   await recordEvent(tx, programId, 'sale.credited', { saleId, partnerId, amountMinor, currency, occurredAt }, now)
 * })
 */
export async function recordEvent<T extends EventType>(tx: Tx, programId: string, type: T, data: EventData[T], now: Date): Promise<string> {
  const event: InternalEvent<T> = { id: newId('iev', now.getTime()), type, programId, data, createdAt: now.toISOString(), attempts: 0 }
  await insertEvent(tx, {
    id: event.id,
    program_id: programId,
    type,
    payload: JSON.stringify(data),
    status: 'pending',
    attempts: 0,
    next_attempt_at: leaseEnd(now, EVENT_LEASE_MS),
    last_error: null,
    created_at: event.createdAt,
    done_at: null,
  })
  recorded.get(tx)?.push(event as InternalEvent)
  return event.id
}

/**
 * Runs the event's reactions not done yet and marks the event done, in one transaction. When a reaction
 * throws, the run starts over `isolated`: each reaction inside a savepoint with its marker, so the one that
 * throws is undone alone and the others commit. When any failed, the run counts as failed and the next is
 * scheduled (or, after the last, the event is given up). Returns true when every reaction is done.
 */
export async function runEvent(bus: EventBus, event: InternalEvent, now: Date, isolated = event.attempts > 0): Promise<boolean> {
  let failures: string[] = []
  try {
    await transact(bus.db, async (tx) => {
      failures = await react(tx, bus, event, now, isolated) // a transaction retried after contention starts over
      await finish(tx, event, failures, now)
    })
  } catch (err) {
    if (err instanceof ReactionFailed) return runEvent(bus, event, now, true)
    // The transaction itself failed (the database is busy past its bound, say): nothing was written.
    failures = [`${err instanceof Error ? err.message : String(err)}`]
    bus.onError(err, `${event.type} ${event.id}`)
    await finish(bus.db, event, failures, now)
  }
  return failures.length === 0
}

/** In-process runs at most in one transaction. */
const EVENT_BATCH = 64

/**
 * Runs several events as runEvent does, in one transaction; when a reaction throws, all of them again
 * `isolated` (each reaction in its own savepoint with its marker), so one event's failure undoes nothing of
 * another's. If the transaction itself fails, nothing was written, and each event runs again on its own.
 */
export async function runEvents(bus: EventBus, events: InternalEvent[], now: Date, isolated = events.some((e) => e.attempts > 0)): Promise<void> {
  if (events.length === 1) return void (await runEvent(bus, events[0]!, now))
  try {
    await transact(bus.db, async (tx) => {
      const done: string[] = []
      for (const event of events) {
        const failures = await react(tx, bus, event, now, isolated)
        if (failures.length) await finish(tx, event, failures, now)
        else done.push(event.id)
      }
      await markEventsDone(tx, done, now)
    })
  } catch (err) {
    if (err instanceof ReactionFailed) return runEvents(bus, events, now, true)
    for (const event of events) await runEvent(bus, event, now)
  }
}

/**
 * A reaction threw in a run without savepoints: the run is rolled back and made again with them. An event
 * that failed before (attempts > 0) runs with them from the start.
 */
class ReactionFailed extends Error {}

/**
 * The event's reactions not done yet, their markers taken first; returns the failures. Not `isolated`, the
 * first reaction that throws throws ReactionFailed (the caller runs it all again isolated); `isolated`, each
 * runs in a savepoint, and one that throws is undone alone.
 */
async function react(tx: Tx, bus: EventBus, event: InternalEvent, now: Date, isolated: boolean): Promise<string[]> {
  const failures: string[] = []
  const chained = recorded.get(tx)!
  const reactions = bus.reactionsFor(event.type)
  // The rest were done by an earlier run (or one in flight: the insert waited for it).
  const toRun = await insertReactionMarkers(tx, event.id, reactions.map((r) => r.name), now.toISOString())
  for (const [i, reaction] of reactions.entries()) {
    if (!toRun.has(reaction.name)) continue
    if (!isolated) {
      try {
        await reaction.run(tx, event, now)
      } catch (err) {
        throw isContention(err) ? err : new ReactionFailed(reaction.name, { cause: err })
      }
      continue
    }
    const point = `reaction_${i}`
    const before = chained.length
    await savepoint(tx, point)
    try {
      await reaction.run(tx, event, now)
      await releaseSavepoint(tx, point)
    } catch (err) {
      // Lost a deadlock or a lock wait (concurrent batches reacting for the same partners in another
      // order): the whole transaction runs again, as any (kernel/db/contention.ts), instead of this
      // reaction waiting a minute for its retry.
      if (isContention(err)) throw err
      await rollbackToSavepoint(tx, point)
      await deleteReactionMarker(tx, event.id, reaction.name) // not done: the next run does it
      chained.length = before // the events it recorded were rolled back with it
      failures.push(`${reaction.name}: ${err instanceof Error ? err.message : String(err)}`)
      bus.onError(err, `${event.type} ${event.id} ${reaction.name}`)
    }
  }
  return failures
}

async function finish(db: Db | Tx, event: InternalEvent, failures: string[], now: Date): Promise<void> {
  if (failures.length === 0) return markEventsDone(db, [event.id], now)
  const step = afterTry({ backoff: EVENT_BACKOFF, attempts: event.attempts, outcome: 'failed', now, done: 'done' })
  await recordEventFailure(db, event.id, step, failures.join('; ').slice(0, ERROR_TEXT))
}

export interface DispatchResult {
  attempted: number
  done: number
  /** failed this time (retried later, or given up) */
  failed: number
}

/**
 * The loop's pass: runs due events (pending, lease or backoff over), oldest first. Each is claimed first
 * by moving its next run ahead by a lease (a conditional update), so several processes never run the same
 * event at once.
 */
export async function dispatchDue(db: Db, opts: { now: Date; batch?: number }): Promise<DispatchResult> {
  const bus = eventBusOf(db)
  if (!bus) throw new Error('No event bus is attached to this database: createApp attaches one')
  const due = await dueEvents(db, opts.now, opts.batch ?? 20)
  const result: DispatchResult = { attempted: 0, done: 0, failed: 0 }
  for (const row of due) {
    if (!(await claimEvent(db, row, leaseEnd(opts.now, EVENT_LEASE_MS)))) continue // another process has it
    result.attempted++
    const event: InternalEvent = {
      id: row.id,
      type: row.type as EventType,
      programId: row.program_id,
      data: JSON.parse(row.payload) as EventData[EventType],
      createdAt: row.created_at,
      attempts: Number(row.attempts),
    }
    if (await runEvent(bus, event, opts.now)) result.done++
    else result.failed++
  }
  return result
}

/** Forgets events done more than `keepDays` ago, with their reactions' markers. */
export async function pruneEvents(db: Db, now: Date, keepDays = 7): Promise<number> {
  const before = new Date(now.getTime() - keepDays * 86_400_000).toISOString()
  return db.transaction().execute((tx) => deleteDoneEvents(tx, before))
}

/**
 * Runs `dispatchDue` every `intervalMs` (default 5 s) until stopped; a pass that found a full batch runs
 * again at once. The timer is unref'd.
 */
export function startEventLoop(db: Db, opts: { intervalMs?: number; batch?: number; now?: () => Date; onError?: (err: unknown) => void } = {}): { stop(): Promise<void> } {
  const batch = opts.batch ?? 20
  const now = opts.now ?? (() => new Date())
  return startOutboxLoop(
    async () => ({ full: (await dispatchDue(db, { now: now(), batch })).attempted >= batch }),
    opts.intervalMs ?? 5_000,
    opts.onError ?? ((e) => console.error('event dispatch failed:', e)),
  )
}
