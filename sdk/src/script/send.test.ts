import { afterEach, describe, expect, test, vi } from 'vitest'
import { send } from './send'

afterEach(() => {
  vi.unstubAllGlobals()
})

function stubFetch(respond: () => Promise<Response> | Response) {
  const calls: [string, RequestInit][] = []
  vi.stubGlobal('fetch', (url: string, init: RequestInit) => {
    calls.push([url, init])
    return Promise.resolve().then(respond)
  })
  return calls
}

describe('send', () => {
  test('POSTs the JSON body as a string (text/plain, no preflight) with keepalive, and returns the JSON', async () => {
    const calls = stubFetch(() => Response.json({ clickId: 'clk_1' }))
    const res = await send('https://api.test/v1/track/click', { key: 'pk_1', code: 'ALICE' })
    expect(res).toEqual({ clickId: 'clk_1' })
    expect(calls).toHaveLength(1)
    const [url, init] = calls[0]!
    expect(url).toBe('https://api.test/v1/track/click')
    expect(init).toMatchObject({ method: 'POST', keepalive: true })
    expect(typeof init.body).toBe('string')
    expect(JSON.parse(init.body as string)).toEqual({ key: 'pk_1', code: 'ALICE' })
    // No custom headers: a string body goes as text/plain, a CORS-safelisted type.
    expect(init.headers).toBeUndefined()
    expect(new Request(url, init).headers.get('content-type')).toMatch(/^text\/plain/)
  })

  test('resolves null, never rejects, on an error status, bad JSON or a network failure', async () => {
    stubFetch(() => Response.json({ error: { code: 'not_found' } }, { status: 404 }))
    await expect(send('https://api.test/x', {})).resolves.toBeNull()
    stubFetch(() => new Response('<html>', { status: 200 }))
    await expect(send('https://api.test/x', {})).resolves.toBeNull()
    stubFetch(() => Promise.reject(new TypeError('Failed to fetch')))
    await expect(send('https://api.test/x', {})).resolves.toBeNull()
  })

  test('without fetch, falls back to sendBeacon with the same body', async () => {
    vi.stubGlobal('fetch', undefined)
    const beacons: [string, unknown][] = []
    vi.stubGlobal('navigator', { sendBeacon: (url: string, data: unknown) => beacons.push([url, data]) })
    await expect(send('https://api.test/v1/track/lead', { customerExternalId: 'u1' })).resolves.toBeNull()
    expect(beacons).toEqual([['https://api.test/v1/track/lead', '{"customerExternalId":"u1"}']])
  })

  test('without fetch or sendBeacon, still resolves null', async () => {
    vi.stubGlobal('fetch', undefined)
    vi.stubGlobal('navigator', {})
    await expect(send('https://api.test/x', {})).resolves.toBeNull()
  })
})
