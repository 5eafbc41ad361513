import { createApp, nodeDoorOf } from './app.ts'
import type { Db } from './kernel/db/connect.ts'
import { listen } from './kernel/http/listen.ts'
import { OUTBOX_SEALED_COLUMNS, sealPlainSecrets, secretBoxFor } from './kernel/secrets.ts'
import { type Env, PUBLIC_URL_UNSET } from './env.ts'
import { approveDue } from './ledger/index.ts'
import { pruneIdempotencyKeys } from './kernel/http/idempotency.ts'
import { settleChallenges } from './challenges/index.ts'
import { eventBusOf, pruneEvents, startEventLoop } from './kernel/events.ts'
import { startWebhookLoop } from './webhooks/index.ts'
import { pruneClicks } from './stats/index.ts'
import { createMailTransport, startMailLoop } from './messaging/index.ts'
import { startDueScheduledRuns } from './payouts/index.ts'

/** Serves the API on the configured address; resolves with the bound port. */
export async function serve(db: Db, env: Env): Promise<{ port: number; close: (opts?: { graceMs?: number }) => Promise<void> }> {
  // Refuse to start without the key that opens the stored Stripe and webhook secrets (Postgres without
  // AFFLIO_ENCRYPTION_KEY): better now, with the reason, than on the first webhook.
  secretBoxFor(db)
  // Emails that waited in the outbox over the upgrade that encrypts their bodies (and newsletter emails'
  // unsubscribe tokens) are encrypted now: a migration holds no key (kernel/secrets.ts).
  await sealPlainSecrets(db, OUTBOX_SEALED_COLUMNS)
  // One SMTP transport for the mail loop and for what is sent at once (a newsletter's test copy)
  const transport = env.SMTP_URL ? createMailTransport(env.SMTP_URL) : undefined
  const app = createApp({
    db,
    ...(transport && { mail: { transport, from: env.MAIL_FROM, publicUrl: env.AFFLIO_PUBLIC_URL ?? PUBLIC_URL_UNSET } }),
    publicUrl: env.AFFLIO_PUBLIC_URL,
    adminToken: env.AFFLIO_ADMIN_TOKEN,
    rateLimit: { burst: env.AFFLIO_RATE_LIMIT_BURST, perSecond: env.AFFLIO_RATE_LIMIT_PER_SECOND, trustProxy: env.AFFLIO_TRUST_PROXY },
    frameAncestors: env.AFFLIO_FRAME_ANCESTORS,
    webhookNetworks: env.AFFLIO_WEBHOOK_ALLOWED_NETWORKS,
  })
  // Listening first: a port in use stops the start before any loop runs (kernel/http/listen.ts).
  const { port, server } = await listen(app.fetch, env.HOST, env.PORT, 'PORT', nodeDoorOf(app))
  // Outgoing webhooks leave from here: the outbox is sent every few seconds while the server runs.
  const webhooks = startWebhookLoop(db, { allowed: env.AFFLIO_WEBHOOK_ALLOWED_NETWORKS })
  // Reactions to internal events that did not run right after their commit: failed ones, with backoff, and
  // those of a process that stopped first.
  const events = startEventLoop(db)
  // Holding periods end on their own; stale idempotency answers are pruned.
  const approvals = startMaintenanceLoop(db)
  // Newsletter and notification emails: sent over SMTP when SMTP_URL is set (otherwise they wait, unsent).
  const mail = startMailLoop(db, { ...(transport && { transport }), from: env.MAIL_FROM, publicUrl: env.AFFLIO_PUBLIC_URL ?? PUBLIC_URL_UNSET })
  return {
    port,
    // Stops taking connections at once; requests in flight finish (those still running after `graceMs`
    // are cut), and each loop finishes the batch it is sending, so nothing claimed waits out its lease to
    // be sent again (an email twice, say). Then the reactions those requests started run.
    close: async ({ graceMs = 20_000 }: { graceMs?: number } = {}) => {
      const closed = new Promise<void>((done) => server.close(() => done()))
      server.closeIdleConnections()
      // A keep-alive connection that was busy is closed once its request is answered.
      const idle = setInterval(() => server.closeIdleConnections(), 100)
      const cut = setTimeout(() => server.closeAllConnections(), graceMs)
      try {
        await Promise.all([closed, webhooks.stop(), events.stop(), approvals.stop(), mail.stop()])
      } finally {
        clearInterval(idle)
        clearTimeout(cut)
      }
      transport?.close?.()
      await eventBusOf(db)?.drain() // reactions that started after the last requests
    },
  }
}

/**
 * The server's housekeeping, every `everyMs` while it runs: holding periods end (pending commissions
 * past approve_at become approved), stored Idempotency-Key answers past their day and internal events done
 * a week ago are forgotten, challenges are settled (met click targets paid; a last pass after each
 * challenge ends), raw clicks past their program's retention are deleted, a few batches a pass, and
 * programs whose payout schedule says today is a payout day get their run (once, however many servers tick).
 */
export function startMaintenanceLoop(db: Db, everyMs = 60_000, now = () => new Date()): { stop: () => Promise<void> } {
  let running: Promise<unknown> = Promise.resolve()
  const tick = () => {
    running = Promise.all([approveDue(db, null, now()), pruneIdempotencyKeys(db, now()), settleChallenges(db, now()), pruneEvents(db, now()), pruneClicks(db, now()), startDueScheduledRuns(db, now())]).catch((err) =>
      console.error('maintenance failed:', err),
    )
  }
  tick()
  const timer = setInterval(tick, everyMs)
  timer.unref()
  // Stopping waits for the pass in flight: the database is closed after it, not under it.
  return {
    stop: async () => {
      clearInterval(timer)
      await running
    },
  }
}
