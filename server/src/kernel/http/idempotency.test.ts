// An Idempotency-Key's claim under a long request, on two servers (two pools) on one database: the running
// request renews its claim, so a retry meanwhile answers 409 however long it runs; a claim nobody renews (its
// process died) is taken by a retry once its lease lapses, and the request that lost it stores no answer.
import { Hono } from 'hono'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Db } from '../db/connect.ts'
import { createTestContext, dialects, type TestContext } from '../../testing.ts'
import type { AppEnv, Deps } from './env.ts'
import { onError } from './errors.ts'
import { CLAIM_LEASE_MS, CLAIM_RENEW_MS, idempotency } from './idempotency.ts'
import { findIdempotencyKey } from './idempotency-queries.ts'

describe.each(dialects)('Idempotency-Key on a long request on %s', (dialect) => {
  let ctx: TestContext
  let programId: string
  let runs: number
  /** Each run's gate: the handler answers once the test opens it. */
  let gates: Array<() => void>
  let failing: boolean
  beforeEach(async () => {
    ctx = await createTestContext({ dialect })
    programId = (await ctx.createProgram()).program.id
    runs = 0
    gates = []
    failing = false
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] }) // the lease's renewals tick when the test says
  })
  afterEach(async () => {
    vi.useRealTimers()
    await ctx.close()
  })

  // A server as the app mounts the middleware (after authentication), with a handler as slow as the test says.
  const server = (db: Db) =>
    new Hono<AppEnv>()
      .use(async (c, next) => {
        c.set('deps', { db, now: ctx.clock.now } as Deps)
        c.set('program', { id: programId } as AppEnv['Variables']['program'])
        c.set('actor', { kind: 'secret_key', id: 'key_1', label: null })
        await next()
      })
      .use(idempotency)
      .post('/run', async (c) => {
        const run = ++runs
        await new Promise<void>((open) => gates.push(open))
        if (failing) throw new Error('the provider went away')
        return c.json({ run })
      })
      .onError(onError)
  const send = (app: ReturnType<typeof server>) => app.request('/run', { method: 'POST', headers: { 'idempotency-key': 'k-1' }, body: '{}' })
  const advance = (ms: number) => ctx.clock.set(new Date(ctx.clock.now().getTime() + ms).toISOString())
  const until = async (what: () => Promise<boolean> | boolean) => {
    for (let i = 0; i < 400 && !(await what()); i++) await new Promise((r) => setTimeout(r, 10))
    expect(await what()).toBe(true)
  }
  const claim = () => findIdempotencyKey(ctx.db, { programId, key: 'secret_key:key_1|k-1' })

  it('a retry while the first request runs past the lease answers 409, then replays its answer', async () => {
    const one = server(ctx.db)
    const two = server(ctx.connectAgain())
    const first = send(one)
    await until(() => runs === 1)
    // Twice the lease goes by while the request runs; it renews its claim each tick.
    for (let t = 0; t < (2 * CLAIM_LEASE_MS) / CLAIM_RENEW_MS; t++) {
      advance(CLAIM_RENEW_MS)
      vi.advanceTimersByTime(CLAIM_RENEW_MS)
      await until(async () => (await claim())?.renewed_at === ctx.clock.now().toISOString())
    }
    advance(CLAIM_LEASE_MS - 1)
    const retry = await send(two)
    expect(retry.status).toBe(409)
    expect((await retry.json()).error.code).toBe('conflict')
    expect(runs).toBe(1)

    gates[0]!()
    expect(await (await first).json()).toEqual({ run: 1 })
    const replay = await send(two)
    expect([replay.status, replay.headers.get('idempotent-replayed'), await replay.json()]).toEqual([200, 'true', { run: 1 }])
    expect(runs).toBe(1)
  })

  it('a claim its process stopped renewing is taken by a retry after the lease; the first request stores nothing', async () => {
    const one = server(ctx.db)
    const two = server(ctx.connectAgain())
    const first = send(one)
    await until(() => runs === 1)
    // No tick: the first request's process is gone (or stalled) as far as the database can tell.
    advance(CLAIM_LEASE_MS)
    expect((await send(two)).status).toBe(409) // not yet: the lease has not lapsed
    advance(1)
    const retry = send(two)
    await until(() => runs === 2)
    gates[1]!()
    expect(await (await retry).json()).toEqual({ run: 2 })

    // The first request ends after all: its answer is not the key's, and it removes nothing.
    gates[0]!()
    expect(await (await first).json()).toEqual({ run: 1 })
    const replay = await send(one)
    expect([replay.status, await replay.json()]).toEqual([200, { run: 2 }])
    expect(runs).toBe(2)
  })

  it('a request that fails gives its claim back: a retry runs at once', async () => {
    const one = server(ctx.db)
    const first = send(one)
    await until(() => runs === 1)
    failing = true
    gates[0]!()
    expect((await first).status).toBe(500)
    failing = false
    const retry = send(one)
    await until(() => runs === 2)
    gates[1]!()
    expect(await (await retry).json()).toEqual({ run: 2 })
  })
})
