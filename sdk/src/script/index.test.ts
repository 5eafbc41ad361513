// The whole script in happy-dom: the real capture/queue/send modules wired by index.ts, with only
// the network (fetch) stubbed. The real-browser, real-server version is script.browser.test.ts.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import type { ReferralOffer, TrackClickResult, TrackLeadReceived } from '../types'
import type { Afflio } from './queue'

const happyDOM = (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM
const w = window as unknown as Window & { afflio?: Afflio }

interface Call {
  url: string
  body: Record<string, unknown>
}
let calls: Call[]
let reply: (call: Call) => Promise<Response> | Response

function clickResult(over: Partial<TrackClickResult> = {}): TrackClickResult {
  return { clickId: 'clk_01first', partnerId: 'ptn_1', attributionWindowDays: 30, attributionModel: 'last_click', duplicate: false, reward: null, ...over }
}

function stub() {
  ;(0, eval)('window.afflio=window.afflio||function(){(afflio.q=afflio.q||[]).push(arguments)}')
}

/** Adds the script tag (without src: happy-dom would fetch it) and runs the script module afresh. */
async function load(attrs: Record<string, string> = {}) {
  document.head.querySelectorAll('script').forEach((s) => s.remove())
  const s = document.createElement('script')
  for (const [k, v] of Object.entries({ 'data-key': 'pk_test_1', 'data-api': 'https://api.afflio.test', ...attrs }))
    s.setAttribute(k, v)
  document.head.append(s)
  vi.resetModules()
  await import('./index')
}

/** Waits for the script's 'ready' and returns what it passed. */
function ready(): Promise<{ clickId: string | null; reward: ReferralOffer | null }> {
  return new Promise((resolve) => w.afflio!('ready', resolve))
}

function cookieValue(): string | undefined {
  return document.cookie.split(/;\s*/).find((c) => c.startsWith('afflio_click='))?.slice('afflio_click='.length)
}

beforeEach(() => {
  calls = []
  reply = () => Response.json(clickResult())
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    const call = { url, body: JSON.parse(init.body as string) }
    calls.push(call)
    return reply(call)
  })
  document.cookie = 'afflio_click=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/'
  document.cookie = 'afflio_reward=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/'
  document.body.innerHTML = ''
  delete w.afflio
})

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('landing with ?ref=CODE', () => {
  beforeEach(() => happyDOM.setURL('https://www.shop.test/pricing?ref=ALICE&utm_source=x'))

  test('records the click, stores the cookie, exposes the id to ready/referral/clickId', async () => {
    stub()
    const early = ready() // registered before the script loads
    await load()
    expect(await early).toEqual({ clickId: 'clk_01first', reward: null })
    expect(calls).toEqual([
      {
        url: 'https://api.afflio.test/v1/track/click',
        body: { key: 'pk_test_1', code: 'ALICE', url: 'https://www.shop.test/pricing?ref=ALICE&utm_source=x', referrer: '' },
      },
    ])
    expect(cookieValue()).toBe('clk_01first.ALICE')
    expect(w.afflio!('referral')).toBe('clk_01first')
    expect(w.afflio!.clickId).toBe('clk_01first')
    expect(await ready()).toEqual({ clickId: 'clk_01first', reward: null }) // after ready: called at once
  })

  test('url and referrer are cut to the 2048 characters the API accepts', async () => {
    happyDOM.setURL('https://www.shop.test/?ref=ALICE&utm_content=' + 'x'.repeat(3000))
    await load()
    await ready()
    expect((calls[0]!.body.url as string).length).toBe(2048)
    expect(calls[0]!.body.url).toMatch(/^https:\/\/www\.shop\.test\/\?ref=ALICE&utm_content=xxx/)
  })

  test("passes the partner's ?sub= label on as the click's subId", async () => {
    happyDOM.setURL('https://www.shop.test/?ref=ALICE&sub=newsletter-march')
    await load()
    await ready()
    expect(calls[0]!.body).toMatchObject({ code: 'ALICE', subId: 'newsletter-march' })
  })

  /** The page's navigation entry (happy-dom has none): the URL the document was loaded with. */
  function loadedWith(url: string) {
    const real = performance.getEntriesByType.bind(performance)
    vi.spyOn(performance, 'getEntriesByType').mockImplementation((type) =>
      type == 'navigation' ? [{ name: url } as PerformanceEntry] : real(type),
    )
  }
  afterEach(() => vi.restoreAllMocks())

  test('reads the URL the page was loaded with: a router that dropped the query (replaceState) before the script ran loses no click', async () => {
    loadedWith('https://www.shop.test/pricing?ref=ALICE&sub=spring&coupon=ALICE10#plans')
    happyDOM.setURL('https://www.shop.test/pricing') // what the router left in location
    await load()
    expect(await ready()).toEqual({ clickId: 'clk_01first', reward: null })
    expect(calls.map((c) => c.body)).toEqual([
      { key: 'pk_test_1', code: 'ALICE', url: 'https://www.shop.test/pricing?ref=ALICE&sub=spring&coupon=ALICE10#plans', referrer: '', subId: 'spring' },
    ])
    expect(w.afflio!('coupon')).toBe('ALICE10')
  })

  test('a parameter the loaded URL lacks is read from the address as it is now (a router that turned /r/alice into ?ref=alice)', async () => {
    loadedWith('https://www.shop.test/r/alice?sub=podcast')
    happyDOM.setURL('https://www.shop.test/?ref=alice&sub=other')
    await load()
    await ready()
    // The loaded URL's parameters win, and it is the landing URL recorded.
    expect(calls.map((c) => c.body)).toEqual([{ key: 'pk_test_1', code: 'alice', url: 'https://www.shop.test/r/alice?sub=podcast', referrer: '', subId: 'podcast' }])
  })

  test('a reload with the same code does not record again', async () => {
    await load()
    await ready()
    expect(calls).toHaveLength(1)
    delete w.afflio
    await load()
    expect(await ready()).toEqual({ clickId: 'clk_01first', reward: null })
    expect(calls).toHaveLength(1)
  })

  /** After a click for ALICE: landing on each of `urls` answers that click again and records none; then a cookie written for `stored` answers a landing on ?ref=ALICE. */
  async function sameLink(urls: string[], stored: string) {
    await load()
    await ready()
    for (const url of urls) {
      happyDOM.setURL(url)
      delete w.afflio
      await load()
      expect(await ready()).toEqual({ clickId: 'clk_01first', reward: null })
    }
    expect(calls.map((c) => c.body.code)).toEqual(['ALICE'])
    expect(cookieValue()).toBe('clk_01first.ALICE')
    document.cookie = 'afflio_click=' + encodeURIComponent(`clk_09stored.${stored}`) + '; path=/'
    happyDOM.setURL('https://www.shop.test/?ref=ALICE')
    delete w.afflio
    await load()
    expect(await ready()).toEqual({ clickId: 'clk_09stored', reward: null })
    expect(calls).toHaveLength(1)
  }

  test('the same code in another case is the same link (the server matches codes in any case): not recorded again', () =>
    sameLink(['https://www.shop.test/pricing?ref=alice', 'https://www.shop.test/?via=Alice'], 'alice'))

  // A cookie for `alice ` was written by an earlier script, from a landing with the space
  test('spaces around the code are the same link (the server trims codes before matching, codeKey): not recorded again', () =>
    sameLink(['https://www.shop.test/?ref=alice%20', 'https://www.shop.test/?ref=%20ALICE%20%20', 'https://www.shop.test/?ref=%09Alice'], 'alice '))

  test('a different code records a new click and replaces the cookie', async () => {
    await load()
    await ready()
    happyDOM.setURL('https://www.shop.test/?via=BOB')
    reply = () => Response.json(clickResult({ clickId: 'clk_02second' }))
    delete w.afflio
    await load()
    expect(await ready()).toEqual({ clickId: 'clk_02second', reward: null })
    expect(calls.map((c) => c.body.code)).toEqual(['ALICE', 'BOB'])
    expect(cookieValue()).toBe('clk_02second.BOB')
  })

  test("first click: another partner's click is recorded, and the click the browser holds keeps the attribution", async () => {
    reply = () => Response.json(clickResult({ attributionModel: 'first_click', reward: { kind: 'percent', percentOffBps: 1000, label: '10% off', partnerName: 'Alice' } as ReferralOffer }))
    await load()
    expect((await ready()).clickId).toBe('clk_01first') // nothing held yet: the first click is kept
    happyDOM.setURL('https://www.shop.test/?via=BOB')
    reply = () => Response.json(clickResult({ clickId: 'clk_02second', attributionModel: 'first_click', reward: null }))
    delete w.afflio
    await load()
    const seen = await ready()
    expect(calls.map((c) => c.body.code)).toEqual(['ALICE', 'BOB'])
    expect(seen.clickId).toBe('clk_01first')
    expect(seen.reward).toMatchObject({ partnerName: 'Alice' })
    expect(cookieValue()).toBe('clk_01first.ALICE')
  })

  test('server down or code unknown: ready still fires with null, no cookie, nothing thrown', async () => {
    reply = () => Promise.reject(new TypeError('Failed to fetch'))
    await load()
    expect(await ready()).toEqual({ clickId: null, reward: null })
    expect(w.afflio!('referral')).toBeNull()
    expect(cookieValue()).toBeUndefined()

    reply = () => Response.json({ error: { code: 'not_found', message: 'no link' } }, { status: 404 })
    delete w.afflio
    await load()
    expect(await ready()).toEqual({ clickId: null, reward: null })
    expect(cookieValue()).toBeUndefined()
  })

  test('server down keeps an earlier click from the cookie', async () => {
    document.cookie = 'afflio_click=clk_00older.CAROL; path=/'
    reply = () => Promise.reject(new TypeError('Failed to fetch'))
    await load()
    expect(await ready()).toEqual({ clickId: 'clk_00older', reward: null })
  })

  test('configured params only; no data-key means no request', async () => {
    await load({ 'data-params': 'partner' })
    expect(await ready()).toEqual({ clickId: null, reward: null })
    happyDOM.setURL('https://www.shop.test/?partner=DAN')
    delete w.afflio
    await load({ 'data-params': 'partner', 'data-key': '' })
    await ready()
    expect(calls).toHaveLength(0)
    delete w.afflio
    await load({ 'data-params': 'partner' })
    await ready()
    expect(calls.map((c) => c.body.code)).toEqual(['DAN'])
  })

  test('without data-api or src (inline copy of the script), the API is the page origin', async () => {
    // The src-origin default is covered in capture.test.ts and script.browser.test.ts.
    await load({ 'data-api': '' })
    await ready()
    expect(calls[0]!.url).toBe('https://www.shop.test/v1/track/click')
  })

  test('fills hidden inputs named afflio_click when ready, as they are added later, and again on submit', async () => {
    document.body.innerHTML = '<form><input type="hidden" name="afflio_click"></form>'
    await load()
    await ready()
    expect(document.querySelector('input')!.value).toBe('clk_01first')

    // A form rendered later (SPA, or parsed after the script ran) is filled as it is added: a
    // form.submit() or a script reading the field sees the id without a submit event.
    document.body.innerHTML = '<form id="late"><input type="hidden" name="afflio_click" value=""></form>'
    const input = document.querySelector<HTMLInputElement>('#late input')!
    await Promise.resolve() // mutation observers run as a microtask
    expect(input.value).toBe('clk_01first')

    // And again on submit, before the form's own handlers run (a page script may have cleared it).
    input.value = ''
    const form = document.querySelector<HTMLFormElement>('#late')!
    let seen = ''
    form.addEventListener('submit', (e) => {
      e.preventDefault()
      seen = new FormData(form).get('afflio_click') as string
    })
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }))
    expect(seen).toBe('clk_01first')
  })

  test("afflio('lead') queued before load waits for the click, then sends it with the click id", async () => {
    stub()
    const received: TrackLeadReceived = { received: true, customerExternalId: 'user_42', clickId: 'clk_01first' }
    const lead = w.afflio!('lead', { customerExternalId: 'user_42', email: 'a@b.c' })
    expect(lead).toBeUndefined() // the stub only queues
    let resolveLead!: (v: unknown) => void
    const leadAnswer = new Promise((r) => (resolveLead = r))
    reply = (call) => (call.url.endsWith('/lead') ? (resolveLead(call), Response.json(received)) : Response.json(clickResult()))
    await load()
    await leadAnswer
    expect(calls.map((c) => c.url)).toEqual(['https://api.afflio.test/v1/track/click', 'https://api.afflio.test/v1/track/lead'])
    expect(calls[1]!.body).toEqual({ key: 'pk_test_1', clickId: 'clk_01first', customerExternalId: 'user_42', email: 'a@b.c' })
    // After load it returns a promise of the answer.
    await expect(w.afflio!('lead', { customerExternalId: 'user_43' })).resolves.toEqual(received)
  })
})

describe('the referred visitor\'s reward', () => {
  const reward: ReferralOffer = { kind: 'percent', percentOffBps: 2000, label: '20% off', partnerName: 'Alice' }
  const events = () => {
    const seen: unknown[] = []
    w.addEventListener('afflio:reward', (e) => seen.push((e as CustomEvent).detail))
    return seen
  }

  test('a click with a reward exposes it as afflio.reward, to ready, and as an afflio:reward event', async () => {
    happyDOM.setURL('https://www.shop.test/pricing?ref=ALICE')
    reply = () => Response.json(clickResult({ reward }))
    const seen = events()
    stub()
    const early = ready()
    await load()
    expect(await early).toEqual({ clickId: 'clk_01first', reward })
    expect(w.afflio!.reward).toEqual(reward)
    expect(seen).toEqual([reward])
  })

  test('a later page view knows it from the cookie, and says it again', async () => {
    happyDOM.setURL('https://www.shop.test/?ref=ALICE')
    reply = () => Response.json(clickResult({ reward }))
    await load()
    await ready()
    happyDOM.setURL('https://www.shop.test/checkout')
    delete w.afflio
    const seen = events()
    await load()
    expect(await ready()).toEqual({ clickId: 'clk_01first', reward })
    expect(seen).toEqual([reward])
    expect(calls).toHaveLength(1)
  })

  test("another partner's click without a reward replaces the earlier reward; no reward, no event", async () => {
    happyDOM.setURL('https://www.shop.test/?ref=ALICE')
    reply = () => Response.json(clickResult({ reward }))
    await load()
    await ready()
    happyDOM.setURL('https://www.shop.test/?ref=BOB')
    reply = () => Response.json(clickResult({ clickId: 'clk_02bob' }))
    delete w.afflio
    const seen = events()
    await load()
    expect(await ready()).toEqual({ clickId: 'clk_02bob', reward: null })
    expect(w.afflio!.reward).toBeNull()
    expect(seen).toEqual([])
  })

  test('the afflio:reward event waits for the document to be parsed, so listeners added after the tag hear it', async () => {
    happyDOM.setURL('https://www.shop.test/pricing')
    document.cookie = 'afflio_click=clk_09stored.ALICE; path=/'
    document.cookie = 'afflio_reward=' + encodeURIComponent(JSON.stringify(reward)) + '; path=/'
    // A plain <script> in the head: the page is still loading, and the click comes from the cookie.
    Object.defineProperty(document, 'readyState', { configurable: true, get: () => 'loading' })
    try {
      await load()
      expect(await ready()).toEqual({ clickId: 'clk_09stored', reward })
      const seen = events() // a later script's listener
      document.dispatchEvent(new Event('DOMContentLoaded'))
      expect(seen).toEqual([reward])
    } finally {
      delete (document as unknown as { readyState?: string }).readyState
    }
  })

  test('an unreadable reward cookie is no reward', async () => {
    happyDOM.setURL('https://www.shop.test/')
    document.cookie = 'afflio_click=clk_09stored.ALICE; path=/'
    document.cookie = 'afflio_reward=%7Bnot-json; path=/'
    await load()
    expect(await ready()).toEqual({ clickId: 'clk_09stored', reward: null })
  })
})

describe('cookie lifetime', () => {
  test('the program window from the answer, or data-days; on the data-domain', async () => {
    happyDOM.setURL('https://www.shop.test/?ref=ALICE')
    const written: string[] = []
    reply = () => Response.json(clickResult({ attributionWindowDays: 90 }))
    // Each visitor's cookies, read back as accepted (so the data-domain check sees them stick).
    let jar: string[] = []
    const set = (v: string) => written.push(v) && jar.push(v.split(';')[0]!)
    Object.defineProperty(document, 'cookie', { configurable: true, get: () => jar.join('; '), set })
    try {
      await load()
      await ready()
      jar = [] // another visitor
      delete w.afflio
      await load({ 'data-days': '7', 'data-domain': '.shop.test' })
      await ready()
    } finally {
      delete (document as unknown as { cookie?: string }).cookie
    }
    expect(written).toEqual([
      'afflio_click=clk_01first.ALICE;max-age=7776000;path=/;SameSite=Lax;Secure',
      'afflio_reward=null;max-age=7776000;path=/;SameSite=Lax;Secure',
      'afflio_click=clk_01first.ALICE;max-age=604800;path=/;SameSite=Lax;domain=.shop.test;Secure',
      'afflio_reward=null;max-age=604800;path=/;SameSite=Lax;domain=.shop.test;Secure',
    ])
  })

  test('a data-days that is not a positive number keeps the program window instead of deleting the cookie', async () => {
    happyDOM.setURL('https://www.shop.test/?ref=ALICE')
    await load({ 'data-days': '-1' })
    expect(await ready()).toEqual({ clickId: 'clk_01first', reward: null })
    expect(cookieValue()).toBe('clk_01first.ALICE')
  })
})

describe('no referral in the URL', () => {
  test('sends nothing; ready gives the stored click or null', async () => {
    happyDOM.setURL('https://app.shop.test/signup')
    await load()
    expect(await ready()).toEqual({ clickId: null, reward: null })
    document.cookie = 'afflio_click=clk_09stored.ALICE; path=/'
    delete w.afflio
    await load()
    expect(await ready()).toEqual({ clickId: 'clk_09stored', reward: null })
    expect(w.afflio!.clickId).toBe('clk_09stored')
    expect(calls).toHaveLength(0)
  })

  test('loaded twice: the second copy leaves the first in charge', async () => {
    happyDOM.setURL('https://app.shop.test/')
    await load()
    const first = w.afflio
    await load()
    expect(w.afflio).toBe(first)
  })
})
