// The click's node door (click-door.ts) answers what the Hono route answers: every case below is sent over
// HTTP to two servers on one app and database, one with the door ahead of the app (as `afflio serve` runs)
// and one without, and the answers must match (status, body, headers), with the door seen to answer.
import { request } from 'node:http'
import { type AddressInfo, connect } from 'node:net'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nodeDoorOf } from '../app.ts'
import { listen, type Listening } from '../kernel/http/listen.ts'
import { BROWSER_UA, createTestContext, dialects, type TestContext } from '../testing.ts'

type Sent = { path?: string; method?: string; headers?: Record<string, string>; body?: string; chunked?: boolean }
type Got = { status: number; headers: Record<string, string>; body: string }

// Headers an answer carries whichever server made it (node's own, and the request id when none was sent)
const NODE_OWN = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length'])

/** Opens a raw connection and writes `head`: what came back, and when (ms) the server closed it, if it did within `ms`. */
function hold(server: Listening, head: string, ms: number, then?: string): Promise<{ got: string; closedAt?: number }> {
  return new Promise((resolve) => {
    const socket = connect((server.server.address() as AddressInfo).port, '127.0.0.1')
    const start = Date.now()
    let got = ''
    socket.on('data', (d) => (got += d.toString())).on('error', () => {})
    socket.on('close', () => (clearTimeout(timer), resolve({ got, closedAt: Date.now() - start })))
    const timer = setTimeout(() => (socket.destroy(), resolve({ got })), ms)
    socket.write(head)
    if (then) setTimeout(() => socket.write(then), 50)
  })
}

function send(server: Listening, { path = '/v1/track/click', method = 'POST', headers = {}, body, chunked }: Sent): Promise<Got> {
  return new Promise((resolve, reject) => {
    const port = (server.server.address() as AddressInfo).port
    const req = request({ host: '127.0.0.1', port, path, method, headers: { 'user-agent': BROWSER_UA, 'content-type': 'text/plain', ...headers } }, (res) => {
      let text = ''
      res.setEncoding('utf8').on('data', (c: string) => (text += c)).on('end', () => {
        const kept = Object.entries(res.headers).filter(([k]) => !NODE_OWN.has(k))
        resolve({ status: res.statusCode!, headers: Object.fromEntries(kept.map(([k, v]) => [k, String(v)])), body: text })
      })
    })
    req.on('error', reject)
    if (body !== undefined && chunked) {
      req.write(body.slice(0, 3))
      req.end(body.slice(3))
    } else req.end(body)
  })
}

describe.each(dialects)('the click door on %s', (dialect) => {
  let ctx: TestContext
  let withDoor: Listening
  let withoutDoor: Listening
  let opened = 0
  let keys: { publishableKey: string; secretKey: string }

  beforeEach(async () => {
    ctx = await createTestContext({ dialect, rateLimit: { burst: 4, perSecond: 0.001, trustProxy: true }, maxBodyBytes: 512 })
    keys = await ctx.createProgram({ name: 'Acme', currency: 'USD' })
    const door = nodeDoorOf(ctx.app)!
    opened = 0
    withDoor = await listen(ctx.app.fetch, '127.0.0.1', 0, 'PORT', (req, res) => door(req, res) && ++opened > 0)
    withoutDoor = await listen(ctx.app.fetch, '127.0.0.1', 0)
    const res = await ctx.app.request('/v1/partners', { method: 'POST', headers: { authorization: `Bearer ${keys.secretKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ email: 'alice@partners.test', linkCode: 'ALICE' }) })
    expect(res.status).toBe(201)
  })
  afterEach(async () => {
    for (const s of [withDoor, withoutDoor]) s.server.closeAllConnections(), s.server.close()
    await ctx.close()
  })

  let visitor = 0
  /** The same request to both servers, each from a visitor of its own (a click is stored once a visitor). */
  async function both(sent: Sent, sameVisitor = false): Promise<[Got, Got]> {
    const from = (n: number) => ({ 'x-forwarded-for': `203.0.113.${n}`, 'x-request-id': `req-${n}`, ...sent.headers })
    const a = sameVisitor ? visitor : ++visitor
    const b = sameVisitor ? visitor + 100 : visitor + 100
    return [await send(withDoor, { ...sent, headers: from(a) }), await send(withoutDoor, { ...sent, headers: from(b) })]
  }
  const same = ([door, hono]: [Got, Got], { idsDiffer = false } = {}) => {
    expect(door.headers['x-request-id']).toMatch(/^req-\d+$/)
    // @hono/node-server labels a 204 text/plain though it has no body; the door does not
    const strip = (g: Got) => {
      const all: Record<string, string | undefined> = { ...g.headers, 'x-request-id': '-' } // typed: a spread of a Record and a literal loses the index
      const { 'content-type': type, ...headers } = all
      return { ...g, headers: g.status === 204 ? headers : { ...headers, 'content-type': type }, body: idsDiffer ? g.body.replace(/clk_\w+/g, 'clk_') : g.body }
    }
    expect(strip(door)).toEqual(strip(hono))
    return door
  }
  const click = (body: object) => ({ body: JSON.stringify(body) })

  it('answers a click, its reload, a bot and every error as the Hono route does, and answers them itself', async () => {
    const first = same(await both(click({ key: keys.publishableKey, code: 'ALICE', url: 'https://shop.test/?ref=ALICE' })), { idsDiffer: true })
    expect(first.status).toBe(201)
    expect(first.headers).toMatchObject({ 'access-control-allow-origin': '*', 'x-content-type-options': 'nosniff', 'content-type': 'application/json' })
    expect(same(await both(click({ key: keys.publishableKey, code: 'alice' }), true), { idsDiffer: true }).status).toBe(200) // a reload, any case
    expect(same(await both({ ...click({ key: keys.publishableKey, code: 'ALICE' }), headers: { 'user-agent': 'curl/8.0' } })).status).toBe(204) // a bot's: not counted
    expect(same(await both(click({ key: keys.secretKey.replace('sk_', 'pk_'), code: 'ALICE' }))).status).toBe(401)
    expect(same(await both(click({ code: 'ALICE' }))).status).toBe(401) // no key
    expect(same(await both(click({ key: keys.secretKey, code: 'ALICE' }))).status).toBe(403) // a secret key in a page
    expect(same(await both(click({ key: keys.publishableKey, code: 'NOBODY' }))).status).toBe(404)
    expect(same(await both(click({ key: keys.publishableKey }))).status).toBe(400) // code: is required
    expect(same(await both(click({ key: keys.publishableKey, code: 'ALICE', url: 42 }))).status).toBe(400)
    expect(same(await both(click({ key: keys.publishableKey, code: 'AL\u0000ICE' }))).status).toBe(400)
    expect(same(await both({ body: '{"key":' })).status).toBe(400) // not JSON
    expect(same(await both({ body: '' })).status).toBe(401) // empty is {}: no key
    expect(same(await both(click({ key: keys.publishableKey, code: 'ALICE', url: 'x'.repeat(600) }))).status).toBe(413)
    // The server's own call: the secret key as a bearer token
    expect(same(await both({ ...click({ code: 'ALICE' }), headers: { authorization: `Bearer ${keys.secretKey}` } }), { idsDiffer: true }).status).toBe(201)
    expect(opened).toBe(14)
  })

  it('limits a key and address as the route does, Retry-After and all', async () => {
    const answers: Got[][] = []
    for (let i = 0; i < 6; i++) answers.push(await both(click({ key: keys.publishableKey, code: 'ALICE' }), true))
    for (const pair of answers) same(pair as [Got, Got], { idsDiffer: true })
    expect(answers.map(([d]) => d!.status)).toEqual([201, 200, 200, 200, 429, 429])
    expect(answers[4]![0]!.headers['retry-after']).toMatch(/^\d+$/)
  })

  it('makes a request id when the caller sent none or one unsafe to log, as the app does', async () => {
    for (const id of [undefined, 'a b\tc']) {
      const got = await send(withDoor, { body: JSON.stringify({ key: keys.publishableKey, code: 'ALICE' }), headers: { 'x-forwarded-for': '198.51.100.7', ...(id && { 'x-request-id': id }) } })
      expect(got.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
    }
    expect(opened).toBe(2)
  })

  it('after a 413 answered before its body, reads the rest as Hono does: the next request is answered, a body held back closes the connection', async () => {
    const click = JSON.stringify({ key: keys.publishableKey, code: 'ALICE' })
    for (const server of [withDoor, withoutDoor]) {
      const from = `203.0.113.${++visitor}`
      const post = (body: string, length = Buffer.byteLength(body)) => `POST /v1/track/click HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: ${from}\r\nUser-Agent: ${BROWSER_UA}\r\nContent-Length: ${length}\r\n\r\n${body}`
      // The body comes after the 413: dropped, and the next click on the connection answered
      const next = await hold(server, post('', 600), 1000, 'x'.repeat(600) + post(click))
      expect(next.got.match(/HTTP\/1\.1 \d+/g)).toEqual(['HTTP/1.1 413', 'HTTP/1.1 201'])
      // 100 MB declared and never sent: node alone would hold the connection for them (minutes)
      const held = await hold(server, post('', 100_000_000), 2500)
      expect(held.got).toMatch(/^HTTP\/1\.1 413/)
      expect(held.closedAt).toBeLessThan(2000)
    }
    expect(opened).toBe(3)
  })

  it('takes a client gone before its body for what it is: no click, and no 500 in the log', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      for (const server of [withDoor, withoutDoor]) {
        const socket = connect((server.server.address() as AddressInfo).port, '127.0.0.1')
        await new Promise((resolve) => socket.once('connect', resolve))
        socket.write(`POST /v1/track/click HTTP/1.1\r\nHost: x\r\nUser-Agent: ${BROWSER_UA}\r\nContent-Length: 200\r\n\r\n{"key":"${keys.publishableKey}",`)
        await new Promise((resolve) => setTimeout(resolve, 50))
        socket.destroy()
      }
      await new Promise((resolve) => setTimeout(resolve, 200))
      expect(logged.mock.calls.map((c) => String(c[0]))).toEqual([])
    } finally {
      logged.mockRestore()
    }
    expect(opened).toBe(1)
    expect(Number((await ctx.db.selectFrom('clicks').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(0)
  })

  it('leaves to the app what it does not take: a chunked body, a query string, a preflight, another route', async () => {
    const body = JSON.stringify({ key: keys.publishableKey, code: 'ALICE' })
    expect((await send(withDoor, { body, chunked: true, headers: { 'x-forwarded-for': '198.51.100.8' } })).status).toBe(201)
    expect((await send(withDoor, { path: '/v1/track/click?x=1', body, headers: { 'x-forwarded-for': '198.51.100.9' } })).status).toBe(201)
    const preflight = await send(withDoor, { method: 'OPTIONS', headers: { origin: 'https://shop.test', 'access-control-request-method': 'POST' } })
    expect(preflight.status).toBe(204)
    expect(preflight.headers['access-control-allow-methods']).toBe('POST,OPTIONS')
    expect((await send(withDoor, { path: '/health', method: 'GET' })).status).toBe(200)
    expect(opened).toBe(0)
  })
})
