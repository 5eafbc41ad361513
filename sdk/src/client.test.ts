import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { Afflio } from './client.ts'
import { AfflioApiError, AfflioError, AfflioNetworkError, AfflioTimeoutError } from './errors.ts'

// A scripted network: each call takes the next reply. 'hang' never answers but honours the abort
// signal like a real fetch; 'deaf' never answers and ignores it.
type Reply =
  | { status?: number; json?: unknown; text?: string; headers?: Record<string, string> }
  | Error
  | 'hang'
  | 'deaf'

interface Call {
  url: string
  method: string
  headers: Headers
  body: string | undefined
  at: number
}

function network(...replies: Reply[]) {
  const calls: Call[] = []
  const fetch: typeof globalThis.fetch = async (input, init) => {
    calls.push({
      url: String(input),
      method: init?.method ?? 'GET',
      headers: new Headers(init?.headers),
      body: typeof init?.body === 'string' ? init.body : undefined,
      at: Date.now(),
    })
    const reply = replies.shift()
    if (reply === undefined) throw new Error(`unexpected call #${calls.length}: ${init?.method} ${input}`)
    if (reply instanceof Error) throw reply
    if (reply === 'deaf') return new Promise<Response>(() => {})
    if (reply === 'hang') {
      return new Promise<Response>((_, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))
      })
    }
    const text = reply.text ?? (reply.json === undefined ? '' : JSON.stringify(reply.json))
    return new Response(text, { status: reply.status ?? 200, headers: reply.headers })
  }
  return { fetch, calls, pending: () => replies.length }
}

const errorBody = (code: string, message: string, field?: string) => ({ error: { code, message, ...(field ? { field } : {}) } })

function client(fetch: typeof globalThis.fetch, options: { maxRetries?: number; timeoutMs?: number } = {}) {
  return new Afflio({ secretKey: 'sk_test_123', baseUrl: 'https://afflio.example.com/', fetch, ...options })
}

/** The outcome of a call, as a value: no unhandled rejection while timers are being advanced. */
function outcome<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown }> {
  return promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  )
}

/** Runs the call to completion under fake timers (every backoff and timeout fires at once). */
async function settle<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown }> {
  const result = outcome(promise)
  await vi.runAllTimersAsync()
  return result
}

const gaps = (calls: Call[]) => calls.slice(1).map((c, i) => c.at - calls[i]!.at)

const program = { id: 'prg_1', name: 'Acme', currency: 'EUR' }
const sale = { sale: { id: 'sal_1', invoiceId: 'in_1' }, commission: null, duplicate: false }
const saleInput = { invoiceId: 'in_1', amountMinor: 4900, currency: 'EUR', clickId: 'clk_1' }

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})

describe('requests', () => {
  test('a GET: bearer key, JSON accept, no body and no Idempotency-Key; the parsed body back', async () => {
    const net = network({ json: program })
    const { value } = await settle(client(net.fetch).program.get())
    expect(value).toEqual(program)
    const [call] = net.calls
    expect(call).toMatchObject({ url: 'https://afflio.example.com/v1/program', method: 'GET', body: undefined })
    expect(call!.headers.get('authorization')).toBe('Bearer sk_test_123')
    expect(call!.headers.get('accept')).toBe('application/json')
    expect(call!.headers.get('idempotency-key')).toBeNull()
    expect(call!.headers.get('content-type')).toBeNull()
  })

  test('a POST: JSON body and a UUID Idempotency-Key, a new one per call', async () => {
    const net = network({ status: 201, json: sale }, { status: 200, json: { ...sale, duplicate: true } })
    const afflio = client(net.fetch)
    expect((await settle(afflio.track.sale(saleInput))).value).toEqual(sale)
    expect((await settle(afflio.track.sale(saleInput))).value).toMatchObject({ duplicate: true })
    const [first, second] = net.calls
    expect(first).toMatchObject({ url: 'https://afflio.example.com/v1/track/sale', method: 'POST' })
    expect(JSON.parse(first!.body!)).toEqual(saleInput)
    expect(first!.headers.get('content-type')).toBe('application/json')
    const key = first!.headers.get('idempotency-key')
    expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(second!.headers.get('idempotency-key')).not.toBe(key)
  })

  test('a caller-given idempotencyKey is sent as is', async () => {
    const net = network({ status: 201, json: sale })
    await settle(client(net.fetch).track.sale(saleInput, { idempotencyKey: 'sale-in_1' }))
    expect(net.calls[0]!.headers.get('idempotency-key')).toBe('sale-in_1')
  })

  test('query strings drop absent values; ids are one encoded path segment', async () => {
    const page = { data: [], nextCursor: null }
    const net = network({ json: page }, { json: page }, { json: page }, { json: {} })
    const afflio = client(net.fetch)
    await settle(afflio.commissions.list({ partnerId: 'prt_1', status: 'pending', cursor: undefined, limit: 50 }))
    await settle(afflio.partners.list())
    await settle(afflio.links.list({ partnerId: 'prt 1/x' }))
    await settle(afflio.partners.get('prt_1/../keys'))
    expect(net.calls.map((c) => c.url.replace('https://afflio.example.com', ''))).toEqual([
      '/v1/commissions?partnerId=prt_1&status=pending&limit=50',
      '/v1/partners',
      '/v1/links?partnerId=prt+1%2Fx',
      '/v1/partners/prt_1%2F..%2Fkeys',
    ])
  })

  test('an empty id is refused before any request', async () => {
    const net = network()
    const { error } = await settle(client(net.fetch).partners.get(''))
    expect(error).toBeInstanceOf(AfflioError)
    expect(net.calls).toHaveLength(0)
  })

  test('a baseUrl path prefix is kept', async () => {
    const net = network({ json: program })
    const afflio = new Afflio({ secretKey: 'sk_1', baseUrl: 'https://example.com/afflio//', fetch: net.fetch })
    await settle(afflio.program.get())
    expect(net.calls[0]!.url).toBe('https://example.com/afflio/v1/program')
  })

  test('every method: its HTTP method, path and body', async () => {
    const net = network(...Array.from({ length: 14 }, () => ({ json: {} })))
    const a = client(net.fetch)
    const calls: [Promise<unknown>, string, unknown][] = [
      [a.program.get(), 'GET /v1/program', undefined],
      [a.keys.create(), 'POST /v1/keys', {}],
      [a.keys.list({ limit: 10 }), 'GET /v1/keys?limit=10', undefined],
      [a.keys.revoke('key_1'), 'DELETE /v1/keys/key_1', undefined],
      [a.partners.create({ email: 'p@x.dev', linkCode: 'P' }), 'POST /v1/partners', { email: 'p@x.dev', linkCode: 'P' }],
      [a.partners.get('prt_1'), 'GET /v1/partners/prt_1', undefined],
      [a.partners.list({ cursor: 'c1' }), 'GET /v1/partners?cursor=c1', undefined],
      [a.links.create({ partnerId: 'prt_1', code: 'X' }), 'POST /v1/links', { partnerId: 'prt_1', code: 'X' }],
      [a.links.list(), 'GET /v1/links', undefined],
      [a.track.lead({ customerExternalId: 'u1', clickId: 'clk_1' }), 'POST /v1/track/lead', { customerExternalId: 'u1', clickId: 'clk_1' }],
      [a.track.sale(saleInput), 'POST /v1/track/sale', saleInput],
      [a.track.refund({ invoiceId: 'in_1', refundId: 're_1' }), 'POST /v1/track/refund', { invoiceId: 'in_1', refundId: 're_1' }],
      [a.commissions.list(), 'GET /v1/commissions', undefined],
      [a.embedTokens.create({ externalId: 'u1', email: 'u@x.dev' }), 'POST /v1/embed-tokens', { externalId: 'u1', email: 'u@x.dev' }],
    ]
    for (const [promise] of calls) await settle(promise)
    expect(
      net.calls.map((c) => [`${c.method} ${c.url.replace('https://afflio.example.com', '')}`, c.body && JSON.parse(c.body)]),
    ).toEqual(calls.map(([, line, body]) => [line, body]))
  })

  test('without a fetch option the global fetch is used, looked up per call', async () => {
    const afflio = new Afflio({ secretKey: 'sk_1', baseUrl: 'http://localhost:8787' })
    const net = network({ json: program })
    vi.stubGlobal('fetch', net.fetch)
    expect((await settle(afflio.program.get())).value).toEqual(program)
    expect(net.calls[0]!.url).toBe('http://localhost:8787/v1/program')
  })
})

describe('constructor', () => {
  test('refuses a missing key or baseUrl, a publishable key, and bad numbers', () => {
    const fetch = network().fetch
    const make = (options: object) => () => new Afflio({ secretKey: 'sk_1', baseUrl: 'http://localhost:8787', fetch, ...options })
    expect(make({})).not.toThrow()
    expect(make({ secretKey: '' })).toThrow(/secretKey/)
    expect(make({ secretKey: 'pk_live_1' })).toThrow(/publishable/)
    expect(make({ baseUrl: undefined })).toThrow(/baseUrl/)
    expect(make({ baseUrl: 'localhost:8787' })).toThrow(/http/)
    expect(make({ baseUrl: 'not a url' })).toThrow(/not a URL/)
    expect(make({ maxRetries: -1 })).toThrow(/maxRetries/)
    expect(make({ maxRetries: 1.5 })).toThrow(/maxRetries/)
    expect(make({ timeoutMs: 0 })).toThrow(/timeoutMs/)
    expect(make({ timeoutMs: Infinity })).toThrow(/timeoutMs/)
    for (const bad of [{ secretKey: '' }, { maxRetries: -1 }]) expect(make(bad)).toThrow(AfflioError)
  })
})

describe('errors', () => {
  test('an ApiErrorBody becomes AfflioApiError with status, code, message, field and request id', async () => {
    const net = network({
      status: 400,
      json: errorBody('invalid_request', 'email is not an email', 'email'),
      headers: { 'X-Request-Id': 'req_9' },
    })
    const { error } = await settle(client(net.fetch).partners.create({ email: 'nope' }))
    expect(error).toBeInstanceOf(AfflioApiError)
    expect(error).toBeInstanceOf(AfflioError)
    expect(error).toMatchObject({
      name: 'AfflioApiError',
      status: 400,
      code: 'invalid_request',
      message: 'email is not an email',
      field: 'email',
      requestId: 'req_9',
    })
    expect((error as AfflioApiError).idempotencyKey).toBe(net.calls[0]!.headers.get('idempotency-key'))
  })

  test('a body that is not ApiErrorBody (a proxy page) gets a code from the status', async () => {
    const net = network({ status: 404, text: '<html><body>Not Found</body></html>' })
    const { error } = await settle(client(net.fetch).program.get())
    expect(error).toMatchObject({ status: 404, code: 'not_found', field: undefined, requestId: undefined })
    expect((error as Error).message).toContain('HTTP 404')
    expect((error as Error).message).toContain('Not Found')
    // a bare 404 is no Afflio server's (each answers its own error body): baseUrl is the usual cause
    expect((error as Error).message).toMatch(/^HTTP 404.*, not from an Afflio server: is baseUrl the address of your Afflio API\?: <html>/)

    const net2 = network(...Array.from({ length: 3 }, () => ({ status: 502, text: 'Bad Gateway' })))
    const { error: error2 } = await settle(client(net2.fetch).program.get())
    expect(error2).toMatchObject({ status: 502, code: 'internal' })
    expect((error2 as Error).message).not.toContain('baseUrl') // a proxy's 502 is no sign of a wrong address
  })

  test('a 2xx that is not JSON is an AfflioError and is not retried', async () => {
    const net = network({ status: 200, text: '<!doctype html>' })
    const { error } = await settle(client(net.fetch).program.get())
    expect(error).toBeInstanceOf(AfflioError)
    expect(error).not.toBeInstanceOf(AfflioApiError)
    expect((error as Error).message).toMatch(/not JSON/)
    expect(net.calls).toHaveLength(1)
  })
})

describe('retries', () => {
  test('a 503 then success: same Idempotency-Key and body on the retry, after a jittered backoff', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5)
    const net = network({ status: 503, json: errorBody('internal', 'down') }, { status: 201, json: sale })
    const { value } = await settle(client(net.fetch).track.sale(saleInput))
    expect(value).toEqual(sale)
    expect(net.calls).toHaveLength(2)
    const [a, b] = net.calls
    expect(b!.headers.get('idempotency-key')).toBe(a!.headers.get('idempotency-key'))
    expect(b!.body).toBe(a!.body)
    expect(gaps(net.calls)).toEqual([150]) // 200 ms step, half fixed + half * 0.5
  })

  test('backoff doubles per attempt, within [half, full] of 200 ms · 2^n', async () => {
    for (const [random, expected] of [
      [0, [100, 200, 400]],
      [0.999999, [200, 400, 800]],
    ] as const) {
      vi.spyOn(Math, 'random').mockReturnValue(random)
      const net = network(new TypeError('fetch failed'), { status: 500 }, { status: 502 }, { json: program })
      const { value } = await settle(client(net.fetch, { maxRetries: 3 }).program.get())
      expect(value).toEqual(program)
      expect(gaps(net.calls)).toEqual(expected)
    }
  })

  test('network errors are retried and, when retries run out, thrown as AfflioNetworkError with the key', async () => {
    const cause = new TypeError('fetch failed')
    const net = network(cause, cause, cause)
    const { error } = await settle(client(net.fetch).track.lead({ customerExternalId: 'u1' }))
    expect(net.calls).toHaveLength(3) // 1 + maxRetries 2
    expect(error).toBeInstanceOf(AfflioNetworkError)
    expect(error).not.toBeInstanceOf(AfflioTimeoutError)
    expect((error as AfflioNetworkError).cause).toBe(cause)
    const keys = new Set(net.calls.map((c) => c.headers.get('idempotency-key')))
    expect(keys.size).toBe(1)
    expect((error as AfflioNetworkError).idempotencyKey).toBe([...keys][0])
  })

  test('GETs are retried too, without an Idempotency-Key', async () => {
    const net = network({ status: 500, json: errorBody('internal', 'boom') }, { json: program })
    expect((await settle(client(net.fetch).program.get())).value).toEqual(program)
    expect(net.calls.map((c) => c.headers.get('idempotency-key'))).toEqual([null, null])
  })

  test('429 waits exactly Retry-After (seconds), not the backoff', async () => {
    const net = network({ status: 429, json: errorBody('rate_limited', 'slow down'), headers: { 'Retry-After': '3' } }, { json: program })
    expect((await settle(client(net.fetch).program.get())).value).toEqual(program)
    expect(gaps(net.calls)).toEqual([3000])
  })

  test('503 unavailable (the database stayed busy) waits exactly Retry-After, then sends the same write again', async () => {
    const net = network({ status: 503, json: errorBody('unavailable', 'busy'), headers: { 'Retry-After': '2' } }, { status: 201, json: sale })
    const { value } = await settle(client(net.fetch).track.sale(saleInput))
    expect(value).toEqual(sale)
    expect(gaps(net.calls)).toEqual([2000])
    expect(net.calls[1]!.headers.get('idempotency-key')).toBe(net.calls[0]!.headers.get('idempotency-key'))
  })

  test('a 503 without a JSON body (a proxy) is code unavailable', async () => {
    const net = network({ status: 503, text: 'Service Unavailable' })
    const { error } = await settle(client(net.fetch, { maxRetries: 0 }).program.get())
    expect(error).toMatchObject({ status: 503, code: 'unavailable' })
  })

  test('a Retry-After over 60 s is not waited out: the 429 is thrown with retryAfterMs', async () => {
    const net = network({ status: 429, json: errorBody('rate_limited', 'slow down'), headers: { 'Retry-After': '120' } })
    const { error } = await settle(client(net.fetch).program.get())
    expect(net.calls).toHaveLength(1)
    expect(error).toMatchObject({ status: 429, code: 'rate_limited', retryAfterMs: 120_000 })
  })

  test('the last error is thrown once maxRetries is used up; maxRetries 0 means one attempt', async () => {
    const replies = () => [500, 502, 503, 504].map((status) => ({ status, json: errorBody('internal', `e${status}`) }))
    const net = network(...replies())
    const { error } = await settle(client(net.fetch).program.get())
    expect(net.calls).toHaveLength(3)
    expect(error).toMatchObject({ status: 503, message: 'e503' })

    const net2 = network(...replies())
    await settle(client(net2.fetch, { maxRetries: 0 }).program.get())
    expect(net2.calls).toHaveLength(1)

    const net3 = network(...replies())
    await settle(client(net3.fetch).program.get({ maxRetries: 3 }))
    expect(net3.calls).toHaveLength(4)
  })

  test.each([
    [400, 'invalid_request'],
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [404, 'not_found'],
    [409, 'conflict'],
    [413, 'payload_too_large'],
    [422, 'idempotency_mismatch'],
  ])('%i %s is not retried', async (status, code) => {
    const net = network({ status, json: errorBody(code, 'no') }, { status: 201, json: sale })
    const { error } = await settle(client(net.fetch).track.sale(saleInput))
    expect(error).toMatchObject({ status, code })
    expect(net.calls).toHaveLength(1)
  })

  test('409 after a timed-out attempt is "still in progress": retried until the stored answer is replayed', async () => {
    const inProgress = { status: 409, json: errorBody('conflict', 'A request with this Idempotency-Key is still in progress') }
    const net = network('hang', inProgress, { status: 201, json: sale })
    const { value } = await settle(client(net.fetch).track.sale(saleInput))
    expect(value).toEqual(sale)
    expect(new Set(net.calls.map((c) => c.headers.get('idempotency-key'))).size).toBe(1)
  })

  test('409 with Retry-After is retried even on the first attempt', async () => {
    const net = network({ status: 409, json: errorBody('conflict', 'in progress'), headers: { 'Retry-After': '1' } }, { status: 201, json: sale })
    expect((await settle(client(net.fetch).track.sale(saleInput))).value).toEqual(sale)
    expect(gaps(net.calls)).toEqual([1000])
  })
})

describe('timeouts and aborts', () => {
  test('an attempt with no answer within timeoutMs is a retried AfflioTimeoutError', async () => {
    const net = network('hang', 'hang')
    const { error } = await settle(client(net.fetch, { timeoutMs: 1000, maxRetries: 1 }).program.get())
    expect(error).toBeInstanceOf(AfflioTimeoutError)
    expect(error).toBeInstanceOf(AfflioNetworkError)
    expect((error as Error).message).toMatch(/timed out after 1000 ms/)
    expect(net.calls).toHaveLength(2)
    expect(gaps(net.calls)[0]).toBeGreaterThanOrEqual(1000 + 100)
  })

  test('the timeout holds even when the fetch ignores its signal', async () => {
    const net = network('deaf')
    const { error } = await settle(client(net.fetch, { maxRetries: 0 }).program.get({ timeoutMs: 50 }))
    expect(error).toBeInstanceOf(AfflioTimeoutError)
    expect(Date.now() - net.calls[0]!.at).toBe(50)
  })

  test("the caller's signal cancels the call with its reason, and is not retried", async () => {
    const net = network('hang', 'hang')
    const controller = new AbortController()
    const call = outcome(client(net.fetch).program.get({ signal: controller.signal }))
    await vi.advanceTimersByTimeAsync(10)
    expect(net.calls).toHaveLength(1)
    controller.abort(new Error('user left'))
    const { error } = await call
    expect(error).toEqual(new Error('user left'))
    expect(net.calls).toHaveLength(1)
  })

  test('aborting during the backoff wait stops the retries', async () => {
    const net = network({ status: 503 }, { json: program })
    const controller = new AbortController()
    const call = outcome(client(net.fetch).program.get({ signal: controller.signal }))
    await vi.advanceTimersByTimeAsync(50) // the 503 is in; the backoff wait (100-200 ms) is not over
    expect(net.calls).toHaveLength(1)
    controller.abort()
    const { error } = await call
    await vi.runAllTimersAsync()
    expect((error as DOMException).name).toBe('AbortError')
    expect(net.calls).toHaveLength(1)
  })

  test('an already-aborted signal sends nothing', async () => {
    const net = network({ json: program })
    const { error } = await settle(client(net.fetch).program.get({ signal: AbortSignal.abort() }))
    expect((error as DOMException).name).toBe('AbortError')
    expect(net.calls).toHaveLength(0)
  })
})

describe('listAll', () => {
  const partner = (n: number) => ({ id: `prt_${n}` })

  test('walks every page by nextCursor, keeping the limit and query', async () => {
    const net = network(
      { json: { data: [partner(1), partner(2)], nextCursor: 'c2' } },
      { json: { data: [partner(3)], nextCursor: 'c3' } },
      { json: { data: [], nextCursor: null } },
    )
    const ids: string[] = []
    const loop = (async () => {
      for await (const p of client(net.fetch).partners.listAll({ limit: 2 })) ids.push(p.id)
    })()
    await settle(loop)
    expect(ids).toEqual(['prt_1', 'prt_2', 'prt_3'])
    expect(net.calls.map((c) => c.url.replace('https://afflio.example.com', ''))).toEqual([
      '/v1/partners?limit=2',
      '/v1/partners?limit=2&cursor=c2',
      '/v1/partners?limit=2&cursor=c3',
    ])
  })

  test('breaking out of the loop fetches no further page', async () => {
    const net = network({ json: { data: [partner(1), partner(2)], nextCursor: 'c2' } })
    let first: string | undefined
    const loop = (async () => {
      for await (const p of client(net.fetch).partners.listAll()) {
        first = p.id
        break
      }
    })()
    await settle(loop)
    expect(first).toBe('prt_1')
    expect(net.calls).toHaveLength(1)
  })

  test('commissions and links page the same way, with their filters', async () => {
    const net = network(
      { json: { data: [{ id: 'com_1' }], nextCursor: 'x' } },
      { json: { data: [{ id: 'com_2' }], nextCursor: null } },
      { json: { data: [{ id: 'lnk_1' }], nextCursor: null } },
    )
    const a = client(net.fetch)
    const ids: string[] = []
    await settle(
      (async () => {
        for await (const c of a.commissions.listAll({ status: 'approved' })) ids.push(c.id)
        for await (const l of a.links.listAll({ partnerId: 'prt_1' })) ids.push(l.id)
      })(),
    )
    expect(ids).toEqual(['com_1', 'com_2', 'lnk_1'])
    expect(net.calls[1]!.url).toContain('/v1/commissions?status=approved&cursor=x')
    expect(net.calls[2]!.url).toContain('/v1/links?partnerId=prt_1')
  })

  // docs/sdk.md: "list/listAll for pages" in every namespace; these four called theirs `all`.
  test('customers, sales, the audit log and invitations page with listAll too', async () => {
    const net = network(
      { json: { data: [{ id: 'cus_1' }], nextCursor: 'cus_1' } },
      { json: { data: [{ id: 'cus_2' }], nextCursor: null } },
      { json: { data: [{ id: 'sal_1' }], nextCursor: null } },
      { json: { data: [{ id: 'aud_1' }], nextCursor: null } },
      { json: { data: [{ id: 'inv_1' }], nextCursor: null } },
    )
    const a = client(net.fetch)
    const ids: string[] = []
    await settle(
      (async () => {
        for await (const c of a.customers.listAll({ partnerId: 'prt_1' })) ids.push(c.id)
        for await (const s of a.sales.listAll({ partnerId: 'prt_1' })) ids.push(s.id)
        for await (const e of a.auditLog.listAll({ subjectType: 'partner' })) ids.push(e.id)
        for await (const i of a.invitations.listAll({ partnerId: 'prt_1' })) ids.push(i.id)
      })(),
    )
    expect(ids).toEqual(['cus_1', 'cus_2', 'sal_1', 'aud_1', 'inv_1'])
    expect(net.calls.map((c) => c.url.replace('https://afflio.example.com', ''))).toEqual([
      '/v1/customers?partnerId=prt_1',
      '/v1/customers?partnerId=prt_1&cursor=cus_1',
      '/v1/sales?partnerId=prt_1',
      '/v1/audit-log?subjectType=partner',
      '/v1/invitations?partnerId=prt_1',
    ])
  })

  test('keys, segments, newsletters and threads have listAll too', async () => {
    const net = network(
      { json: { data: [{ id: 'key_1' }], nextCursor: 'key_1' } },
      { json: { data: [{ id: 'key_2' }], nextCursor: null } },
      { json: { data: [{ id: 'seg_1' }], nextCursor: null } },
      { json: { data: [{ id: 'nl_1' }], nextCursor: null } },
      { json: { data: [{ id: 'thr_1' }], nextCursor: null, unreadThreads: 1 } },
    )
    const a = client(net.fetch)
    const ids: string[] = []
    await settle(
      (async () => {
        for await (const k of a.keys.listAll({ limit: 1 })) ids.push(k.id)
        for await (const s of a.segments.listAll()) ids.push(s.id)
        for await (const n of a.newsletters.listAll()) ids.push(n.id)
        for await (const t of a.threads.listAll({ unread: true })) ids.push(t.id)
      })(),
    )
    expect(ids).toEqual(['key_1', 'key_2', 'seg_1', 'nl_1', 'thr_1'])
    expect(net.calls.map((c) => c.url.replace('https://afflio.example.com', ''))).toEqual([
      '/v1/keys?limit=1',
      '/v1/keys?limit=1&cursor=key_1',
      '/v1/segments',
      '/v1/newsletters',
      '/v1/threads?unread=true',
    ])
  })

  test('a server that hands back the same cursor is an error, not an endless loop', async () => {
    const net = network({ json: { data: [], nextCursor: 'c' } }, { json: { data: [], nextCursor: 'c' } })
    const { error } = await settle(
      (async () => {
        for await (const _ of client(net.fetch).partners.listAll()) void _
      })(),
    )
    expect(error).toBeInstanceOf(AfflioError)
    expect(net.calls).toHaveLength(2)
  })
})
