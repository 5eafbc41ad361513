// Group commit: concurrent writes of one kind share one transaction, so a burst of clicks or sales pays one
// BEGIN and one COMMIT (on SQLite, one append to the WAL) instead of one each. Each caller's promise settles
// only after the transaction holding its write has committed: an answer still means "stored", and a crash
// before a commit loses only writes nobody was told about.
//
// Writes gather while the event loop reads the requests that arrived together (a batch starts on
// setImmediate) and while the previous batch commits; `concurrency` batches run at once (SQLite has one
// connection: one). A write that throws is undone alone: its batch runs again, each write in a savepoint of
// its own (`savepoints`) or in a transaction of its own. Savepoints only on that second try and for a few
// batches after it: on SQLite a savepoint copies every page its write touches to a statement journal,
// which past 64 KiB goes to a temporary file (a sale touches ~40 pages), and that was a third of a sale's
// SQLite time. A batch the database refuses as a whole (busy past the bound) fails every caller in it.
// `writeBatch` writes a whole batch at once (Postgres: one statement for many rows, a round trip saved a
// row); when it throws, the batch runs again item by item, as above.
import type { Db, Tx } from './db/connect.ts'
import { DatabaseBusyError, isContention } from './db/errors.ts'
import { inSavepoint } from './db/savepoint.ts'
import { eventMark, transact } from './events.ts'

export interface GroupCommitOptions {
  /** Writes in one transaction at most; default 128 */
  maxBatch?: number
  /** Batches committing at once; default 1 */
  concurrency?: number
  /** When a write throws: the batch again with each write in a savepoint (else each in a transaction of its own); default false */
  savepoints?: boolean
  /** Past `concurrency`: one more batch when every batch in flight has run for `afterMs` (waiting on a lock, say), up to `upTo` at once */
  overflow?: { afterMs: number; upTo: number }
}

/** A batch's writes as one, answering each item in order (Postgres: one statement for many rows); else `write` each */
export type BatchWrite<I, R> = (tx: Tx, items: I[]) => Promise<R[]>

/** Batches that start with savepoints after one without them failed */
const ISOLATED_AFTER_FAILURE = 8

interface Pending<I, R> {
  item: I
  resolve: (r: R) => void
  reject: (err: unknown) => void
}

type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown }

/** Returns `submit`: runs `write` for the item in the next batch, and settles once that batch has committed. */
export function groupCommit<I, R>(db: Db, write: (tx: Tx, item: I) => Promise<R>, opts: GroupCommitOptions & { writeBatch?: BatchWrite<I, R> } = {}): (item: I) => Promise<R> {
  const { maxBatch = 128, concurrency = 1, savepoints = false, writeBatch, overflow } = opts
  const queue: Pending<I, R>[] = []
  const inFlight = new Set<{ startedAt: number }>()
  let scheduled = false
  let wake: ReturnType<typeof setTimeout> | undefined
  // After a batch failed, the next ones start isolated: a client sending bad writes steadily (unknown click
  // ids) would otherwise have every batch run twice.
  let isolateNext = 0

  // Room for a batch: under `concurrency`, or every batch in flight stuck past overflow.afterMs (then a
  // wake-up is set for when the youngest will be).
  const room = () => {
    if (inFlight.size < concurrency) return true
    if (!overflow || inFlight.size >= overflow.upTo) return false
    const youngest = Math.max(...[...inFlight].map((b) => b.startedAt))
    const wait = youngest + overflow.afterMs - Date.now()
    if (wait <= 0) return true
    wake ??= setTimeout(() => {
      wake = undefined
      kick()
    }, wait)
    return false
  }

  const kick = () => {
    if (scheduled || queue.length === 0 || !room()) return
    scheduled = true
    setImmediate(() => {
      scheduled = false
      const batch = queue.splice(0, maxBatch)
      const flight = { startedAt: Date.now() }
      inFlight.add(flight)
      const isolated = savepoints && isolateNext > 0 && batch.length > 1
      if (isolated) isolateNext--
      commit(batch, isolated).finally(() => {
        inFlight.delete(flight)
        kick()
      })
      kick() // more than maxBatch waiting, and room for another batch
    })
  }

  async function commit(batch: Pending<I, R>[], isolated = false): Promise<void> {
    let outcomes: Outcome<R>[]
    try {
      outcomes = await transact(db, async (tx) => {
        if (writeBatch && !isolated && batch.length > 1) {
          const values = await writeBatch(tx, batch.map((p) => p.item))
          if (values.length !== batch.length) throw new Error(`writeBatch answered ${values.length} of ${batch.length} writes`) // else callers would wait for ever
          return values.map((value) => ({ ok: true, value }))
        }
        const done: Outcome<R>[] = []
        for (const p of batch) {
          if (!isolated) {
            done.push({ ok: true, value: await write(tx, p.item) })
            continue
          }
          const forget = eventMark(tx)
          try {
            done.push({ ok: true, value: await inSavepoint(tx, 'group_write', () => write(tx, p.item)) })
          } catch (error) {
            forget()
            if (isContention(error)) throw error // the whole batch again, as any transaction (kernel/db/contention.ts)
            done.push({ ok: false, error })
          }
        }
        return done
      })
    } catch (error) {
      if (batch.length === 1 || isolated || error instanceof DatabaseBusyError) return void batch.forEach((p) => p.reject(error))
      // One write spoiled the batch: again with each write isolated, so only that one fails.
      if (savepoints) {
        isolateNext = ISOLATED_AFTER_FAILURE
        return commit(batch, true)
      }
      for (const p of batch) await commit([p])
      return
    }
    outcomes.forEach((o, i) => (o.ok ? batch[i]!.resolve(o.value) : batch[i]!.reject(o.error)))
  }

  return (item) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject })
      kick()
    })
}
