// SQLite's WAL checkpoints, off the event loop. A checkpoint copies the WAL back into the database file and
// fsyncs both; SQLite runs one in the committing connection every 1000 pages by default, and better-sqlite3
// is synchronous, so every few hundred commits one request waited, with every other request behind it, for
// the disk. Here a worker thread with its own connection runs a PASSIVE checkpoint (it blocks no reader or
// writer) every CHECKPOINT_EVERY_MS; the main connection checkpoints by itself only past BACKSTOP_PAGES, if
// the worker falls behind. Commits stay durable against a killed process either way (synchronous=NORMAL:
// a commit is in the WAL file before it returns).
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

export const CHECKPOINT_EVERY_MS = 250
export const BACKSTOP_PAGES = 20_000

const worker = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.module)
const db = new Database(workerData.file)
db.pragma('busy_timeout = 0')
const run = () => { try { db.pragma('wal_checkpoint(PASSIVE)') } catch {} }
const timer = setInterval(run, workerData.everyMs)
parentPort.on('message', () => { clearInterval(timer); run(); db.close(); parentPort.close() })
`

/** Starts checkpointing `file` in a worker thread; `stop()` runs a last checkpoint and ends it. */
export function startCheckpointer(file: string): { stop: () => void } {
  const module = createRequire(import.meta.url).resolve('better-sqlite3')
  const thread = new Worker(worker, { eval: true, workerData: { file, module, everyMs: CHECKPOINT_EVERY_MS } })
  thread.unref()
  thread.on('error', (err) => console.error('WAL checkpointer failed (the writer checkpoints by itself now):', err))
  return { stop: () => thread.postMessage('stop') }
}
