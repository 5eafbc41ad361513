// Where a webhook may go: the address checks alone, then the sender and the endpoint API around them.
import type { LookupAddress } from 'node:dns'
import type { Commission } from '@afflio/sdk/types'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mayConnect, networks, refusedDestination } from './destination.ts'
import { DestinationRefused, postWebhook, type Resolve } from './send.ts'
import { deliverDue } from './deliver-webhooks.ts'
import { createTestContext, dialects, LOOPBACK, type TestContext } from '../testing.ts'
import { localServer, payoutProgram } from '../testing-payouts.ts'
import { emitEvent } from './events.ts'

describe('which addresses a delivery may connect to', () => {
  it('refuses loopback, private, link-local, shared, mapped and reserved addresses; takes public ones', () => {
    for (const inward of ['127.0.0.1', '127.9.9.9', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '224.0.0.1']) {
      expect(mayConnect(inward, null), inward).toBe(false)
    }
    for (const outward of ['8.8.8.8', '151.101.1.69', '2606:4700:4700::1111', '::ffff:8.8.8.8']) expect(mayConnect(outward, null), outward).toBe(true)
  })

  it('refuses the IPv6 forms that carry a private IPv4 address: compatible, mapped, translated, NAT64, 6to4', () => {
    const carried = ['127.0.0.1', '10.0.0.1', '192.168.1.1', '169.254.169.254']
    for (const v4 of carried) {
      const [a = 0, b = 0, c = 0, d = 0] = v4.split('.').map(Number)
      const hex = `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
      for (const v6 of [`::${v4}`, `::${hex}`, `::ffff:${v4}`, `::ffff:${hex}`, `::ffff:0:${v4}`, `64:ff9b::${v4}`, `64:ff9b:1::${hex}`, `2002:${hex}::1`]) {
        expect(mayConnect(v6, null), v6).toBe(false)
        expect(refusedDestination(`http://[${v6}]:18805/`, null), v6).toMatch(/public address/)
      }
    }
    // What the operator allows stays allowed in the mapped form the resolver may give.
    expect(mayConnect('::ffff:127.0.0.1', networks(['127.0.0.0/8']))).toBe(true)
  })

  it("takes an operator's allowed networks, and nothing beside them", () => {
    const allowed = networks(['127.0.0.0/8', '10.20.0.0/16'])
    expect([mayConnect('127.0.0.1', allowed), mayConnect('10.20.3.4', allowed), mayConnect('10.21.0.1', allowed), mayConnect('::1', allowed)]).toEqual([true, true, false, false])
    for (const bad of ['127.0.0.1', '10.0.0.0/33', 'fe80::/129', 'example.com/8', '10.0.0.0/x']) expect(() => networks([bad]), bad).toThrow(/CIDR/)
  })

  it('reads a URL as the browser would: decimal, short and hex forms of an address are the address', () => {
    for (const url of ['http://127.0.0.1:9/x', 'http://2130706433/', 'http://127.1/', 'http://0x7f.0.0.1/', 'http://[::1]:8080/', 'http://[::ffff:127.0.0.1]/', 'http://localhost:3000/', 'https://hooks.localhost/', 'http://LOCALHOST./']) {
      expect(refusedDestination(url, null), url).toMatch(/public address/)
    }
    expect(refusedDestination('https://hooks.example.com/afflio', null)).toBeNull()
    expect(refusedDestination('http://localhost:3000/', LOOPBACK)).toBeNull()
  })
})

describe('the sender', () => {
  let receiver: Awaited<ReturnType<typeof localServer>>
  beforeAll(async () => {
    receiver = await localServer((_req, res) => void res.end('ok'))
  })
  afterAll(() => receiver.close())
  const port = () => new URL(receiver.url).port
  // A name that resolves to these addresses, as a DNS answer would give them.
  const resolvesTo =
    (...addresses: string[]): Resolve =>
    (_name, _options, callback) =>
      callback(null, addresses.map((address): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 })))
  const post = (url: string, opts: { allowed?: ReturnType<typeof networks> | null; resolve?: Resolve } = {}) =>
    postWebhook({ url, headers: {}, body: '{}', timeoutMs: 5_000, keep: 100, allowed: opts.allowed ?? null, ...(opts.resolve && { resolve: opts.resolve }) })

  it('refuses a name that resolves inward, checked on the addresses it connects to, and sends nothing', async () => {
    const seen = receiver.requests.length
    await expect(post(`http://hooks.example.test:${port()}/`, { resolve: resolvesTo('127.0.0.1') })).rejects.toBeInstanceOf(DestinationRefused)
    // One inward address among public ones is enough: the connection could be made to it.
    await expect(post(`http://hooks.example.test:${port()}/`, { resolve: resolvesTo('93.184.215.14', '127.0.0.1') })).rejects.toBeInstanceOf(DestinationRefused)
    await expect(post(`${receiver.url}/`)).rejects.toBeInstanceOf(DestinationRefused)
    expect(receiver.requests.length).toBe(seen)
  })

  it('follows no redirect: a public receiver cannot send the delivery on to an inner address', async () => {
    const inner = await localServer((_req, res) => void res.end('inner'))
    const bouncer = await localServer((_req, res) => {
      res.writeHead(307, { location: `${inner.url}/metadata` })
      res.end()
    })
    try {
      // The bouncer stands for a public host (resolved, allowed); what it redirects to is never asked.
      expect(await post(`http://hooks.example.test:${new URL(bouncer.url).port}/`, { allowed: LOOPBACK, resolve: resolvesTo('127.0.0.1') })).toEqual({ status: 307, opening: '' })
      expect([bouncer.requests.length, inner.requests.length]).toEqual([1, 0])
    } finally {
      await Promise.all([inner.close(), bouncer.close()])
    }
  })

  it('sends to an allowed network, by address or by a name resolving into it', async () => {
    expect(await post(`${receiver.url}/`, { allowed: LOOPBACK })).toEqual({ status: 200, opening: 'ok' })
    expect(await post(`http://hooks.example.test:${port()}/named`, { allowed: LOOPBACK, resolve: resolvesTo('127.0.0.1') })).toEqual({ status: 200, opening: 'ok' })
    expect(receiver.requests.at(-1)?.url).toBe('/named')
  })
})

describe.each(dialects)('webhook endpoints on %s', (dialect) => {
  let ctx: TestContext
  let receiver: Awaited<ReturnType<typeof localServer>>
  beforeAll(async () => {
    ctx = await createTestContext({ dialect, webhookNetworks: null })
    receiver = await localServer((_req, res) => {
      res.statusCode = 403
      res.end('{"db_password":"hunter2"}')
    })
  })
  afterAll(async () => {
    await receiver.close()
    await ctx.close()
  })

  it('refuses an endpoint at an inward address, and at most 16 endpoints a program', async () => {
    const p = await payoutProgram(ctx)
    for (const url of [`${receiver.url}/hooks`, 'http://169.254.169.254/latest', 'http://[::1]/', 'http://localhost:8080/']) {
      const err = await p.afflio.webhooks.endpoints.create({ url, events: ['*'] }).catch((e: unknown) => e)
      expect(err, url).toMatchObject({ status: 400, code: 'invalid_request', field: 'url' })
    }
    for (let i = 0; i < 16; i++) await p.afflio.webhooks.endpoints.create({ url: `https://hooks${i}.example.com/afflio`, events: ['*'] })
    await expect(p.afflio.webhooks.endpoints.create({ url: 'https://one-more.example.com/', events: ['*'] })).rejects.toMatchObject({ status: 409, code: 'conflict' })
  })

  it('keeps a program to 16 endpoints when they are created at once', async () => {
    const p = await payoutProgram(ctx)
    const made = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => p.afflio.webhooks.endpoints.create({ url: `https://at-once${i}.example.com/afflio`, events: ['*'] })))
    expect(made.filter((m) => m.status === 'fulfilled')).toHaveLength(16)
    for (const m of made) if (m.status === 'rejected') expect(m.reason).toMatchObject({ status: 409, code: 'conflict' })
    expect((await p.afflio.webhooks.endpoints.list({ limit: 100 })).data).toHaveLength(16)
  })

  it('does not deliver to an inward address the deliverer does not allow, and shows nothing of it', async () => {
    // Made where loopback was allowed (another process's settings, say), delivered where it is not.
    const allowing = await createTestContext({ dialect, webhookNetworks: LOOPBACK })
    try {
      const p = await payoutProgram(allowing)
      await p.afflio.webhooks.endpoints.create({ url: `${receiver.url}/inside`, events: ['*'] })
      await emitEvent(allowing.db, (await p.afflio.program.get()).id, 'commission.reversed', { id: 'com_x' } as Commission, allowing.clock.now())
      const seen = receiver.requests.length
      expect(await deliverDue(allowing.db, { now: allowing.clock.now() })).toMatchObject({ attempted: 1, failed: 1 })
      expect(receiver.requests.length).toBe(seen)
      const [delivery] = (await p.afflio.webhooks.deliveries.list()).data
      expect(delivery).toMatchObject({ status: 'pending', lastError: 'destination not allowed (a private, loopback or reserved address)' })
      expect(await deliverDue(allowing.db, { now: new Date(allowing.clock.now().getTime() + 3_600_000), allowed: LOOPBACK })).toMatchObject({ attempted: 1, failed: 1 })
      expect((await p.afflio.webhooks.deliveries.list()).data[0]?.lastError).toContain('hunter2') // allowed: an ordinary failed try
    } finally {
      await allowing.close()
    }
  })
})
