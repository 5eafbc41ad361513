import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { COOKIE, COUPON_COOKIE, landingCode, readClick, readConfig, readCookie, readReward, REWARD_COOKIE, writeCookie } from './capture'

const happyDOM = (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM

function clearCookies() {
  for (const c of document.cookie.split(/;\s*/)) {
    const name = c.split('=')[0]
    if (!name) continue
    for (const domain of ['', '; domain=.example.com'])
      document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/${domain}`
  }
}

function script(attrs: Record<string, string>): HTMLScriptElement {
  const s = document.createElement('script')
  for (const [k, v] of Object.entries(attrs)) s.setAttribute(k, v)
  return s
}

describe('readConfig', () => {
  test('defaults: api is the script origin, params ref,via,aff, no domain, no days', () => {
    const c = readConfig(script({ src: 'https://cdn.afflio.dev/v1/afflio.js?x=1', 'data-key': 'pk_test_1' }))
    expect(c).toEqual({ key: 'pk_test_1', api: 'https://cdn.afflio.dev', params: ['ref', 'via', 'aff'], domain: '', days: 0, coupon: 'coupon' })
  })

  test('data attributes override: api (trailing slash trimmed), params list, domain, days', () => {
    const c = readConfig(
      script({
        src: 'https://cdn.afflio.dev/afflio.js',
        'data-key': 'pk_2',
        'data-api': 'https://api.example.com/afflio/',
        'data-params': ' partner , p,,',
        'data-domain': '.example.com',
        'data-days': '45',
      }),
    )
    expect(c).toEqual({ key: 'pk_2', api: 'https://api.example.com/afflio', params: ['partner', 'p'], domain: '.example.com', days: 45, coupon: 'coupon' })
  })

  test('no script element: falls back to the page origin and an empty key', () => {
    happyDOM.setURL('https://shop.example.com/x')
    expect(readConfig(null)).toMatchObject({ key: '', api: 'https://shop.example.com' })
  })

  test('a data-days that is not a positive number means the program window', () => {
    // A negative one would write max-age<0, which deletes the cookie as it is written.
    for (const days of ['soon', '0', '-1', '-0.5', ''])
      expect(readConfig(script({ src: 'https://a.test/afflio.js', 'data-days': days })).days, days).toBe(0)
    expect(readConfig(script({ src: 'https://a.test/afflio.js', 'data-days': '0.5' })).days).toBe(0.5)
  })
})

describe('landingCode', () => {
  const params = ['ref', 'via', 'aff']
  test('reads any configured parameter, first one in config order wins', () => {
    expect(landingCode('?ref=ALICE', params)).toBe('ALICE')
    expect(landingCode('?utm_source=x&via=BOB', params)).toBe('BOB')
    expect(landingCode('?aff=CAROL&ref=ALICE', params)).toBe('ALICE')
  })
  test('decodes the value', () => {
    expect(landingCode('?ref=al%20ice%2B1', params)).toBe('al ice+1')
  })
  test('drops spaces around the value, as codeKey does: `?ref=alice%20` is the code alice', () => {
    expect(landingCode('?ref=alice%20', params)).toBe('alice')
    expect(landingCode('?ref=%20ALICE', params)).toBe('ALICE')
    expect(landingCode('?ref=%20%20&via=BOB', params)).toBe('BOB')
  })
  test('null when absent or empty, and unconfigured names are ignored', () => {
    expect(landingCode('', params)).toBeNull()
    expect(landingCode('?ref=', params)).toBeNull()
    expect(landingCode('?partner=ALICE', params)).toBeNull()
    expect(landingCode('?partner=ALICE', ['partner'])).toBe('ALICE')
  })
})

describe('cookie', () => {
  beforeEach(() => {
    happyDOM.setURL('https://www.example.com/')
    clearCookies()
  })
  afterEach(clearCookies)

  test('readClick parses `clickId.code` among other cookies', () => {
    expect(readClick('a=1; afflio_click=clk_01abc.ALICE; b=2')).toEqual({ clickId: 'clk_01abc', code: 'ALICE' })
    expect(readClick('afflio_click=clk_01abc.al%20ice.x')).toEqual({ clickId: 'clk_01abc', code: 'al ice.x' })
  })

  test('readClick accepts a bare click id, and rejects absent or malformed values', () => {
    expect(readClick('afflio_click=clk_01abc')).toEqual({ clickId: 'clk_01abc', code: '' })
    expect(readClick('x_afflio_click=clk_1.A')).toBeNull()
    expect(readClick('afflio_click=%E0%A4%A')).toBeNull()
    expect(readClick('afflio_click=.ALICE')).toBeNull() // no click id: no click, so ?ref=ALICE is recorded
    expect(readClick('')).toBeNull()
  })

  test('a click written as the script writes it (`clickId.code`) reads back with readClick', () => {
    writeCookie(COOKIE, 'clk_01abc.al ice;=x', 30, '')
    expect(document.cookie).toContain('afflio_click=clk_01abc.al%20ice%3B%3Dx')
    expect(readClick()).toEqual({ clickId: 'clk_01abc', code: 'al ice;=x' })
  })

  test('a reward written as the script writes it (JSON) reads back with readReward, and null', () => {
    const reward = { kind: 'amount', amountOffMinor: 1000, currency: 'EUR', label: '10 € off; today', partnerName: 'Zoë' } as const
    writeCookie(REWARD_COOKIE, JSON.stringify(reward), 30, '')
    expect(readReward()).toEqual(reward)
    expect(readReward('afflio_reward=null')).toBeNull()
    expect(readReward('x_afflio_reward=1; afflio_click=clk_1.A')).toBeNull()
    writeCookie(REWARD_COOKIE, JSON.stringify(null), 30, '')
    expect(readReward()).toBeNull()
  })

  test('without a domain the cookie is host-only', () => {
    writeCookie(COOKIE, 'clk_1.A', 30, '')
    happyDOM.setURL('https://app.example.com/')
    expect(readClick()).toBeNull()
  })

  test('with data-domain the cookie is shared by subdomains', () => {
    writeCookie(COOKIE, 'clk_2.B', 30, '.example.com')
    happyDOM.setURL('https://app.example.com/signup')
    expect(readClick()).toEqual({ clickId: 'clk_2', code: 'B' })
  })

  test('a data-domain the host is not in: the browser refuses it, so the cookie is kept host-only, with one warning', () => {
    happyDOM.setURL('https://www.other.test/')
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      writeCookie(COOKIE, 'clk_5.E', 30, '.example.com')
      writeCookie(REWARD_COOKIE, JSON.stringify(null), 30, '.example.com')
      expect(readClick()).toEqual({ clickId: 'clk_5', code: 'E' })
      expect(readCookie('afflio_reward')).toBe('null')
      expect(warn).toHaveBeenCalledTimes(1)
      expect(warn.mock.calls[0]![0]).toContain('.example.com')
    } finally {
      warn.mockRestore()
    }
  })

  test('an older host-only cookie that would shadow the data-domain one is overwritten too', () => {
    // A site that added data-domain later: the host-only cookie comes first in document.cookie.
    writeCookie(COOKIE, 'clk_old.A', 30, '')
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      writeCookie(COOKIE, 'clk_new.B', 30, '.example.com')
    } finally {
      warn.mockRestore()
    }
    expect(readClick()).toEqual({ clickId: 'clk_new', code: 'B' })
    happyDOM.setURL('https://app.example.com/')
    expect(readClick()).toEqual({ clickId: 'clk_new', code: 'B' })
  })

  test('the attributes: max-age in days, path, SameSite=Lax, Secure only on https', () => {
    const written: string[] = []
    // Cookie attributes are not readable back through document.cookie: record the writes (read back as
    // accepted, so the data-domain check sees them stick).
    const jar = () => written.map((c) => c.split(';')[0]).join('; ')
    Object.defineProperty(document, 'cookie', { configurable: true, get: jar, set: (v: string) => written.push(v) })
    try {
      writeCookie(COOKIE, 'clk_3.C', 60, '.example.com')
      happyDOM.setURL('http://localhost:8080/')
      writeCookie(COOKIE, 'clk_3.C', 1.5, '')
    } finally {
      delete (document as unknown as { cookie?: string }).cookie
    }
    writeCookie(COOKIE, 'clk_4.D', 1, '')
    expect(readClick()).toEqual({ clickId: 'clk_4', code: 'D' }) // the real setter is back
    expect(written).toEqual([
      'afflio_click=clk_3.C;max-age=5184000;path=/;SameSite=Lax;domain=.example.com;Secure',
      'afflio_click=clk_3.C;max-age=129600;path=/;SameSite=Lax',
    ])
  })
})

test('a long data-days ("forever": 100 years) writes a cookie that lives, not a negative max-age that deletes it', () => {
  const written: string[] = []
  Object.defineProperty(document, 'cookie', { configurable: true, get: () => written.map((c) => c.split(';')[0]).join('; '), set: (v: string) => written.push(v) })
  try {
    writeCookie(COOKIE, 'clk_9.Z', 36500, '')
  } finally {
    delete (document as unknown as { cookie?: string }).cookie
  }
  // 36500 days in seconds is past 2^31: as a 32-bit integer it went negative (browsers cap it at 400 days anyway)
  expect(written).toEqual(['afflio_click=clk_9.Z;max-age=3153600000;path=/;SameSite=Lax'])
})

describe('coupon codes', () => {
  beforeEach(clearCookies)
  afterEach(clearCookies)

  test('data-coupon-param names the parameter; coupon by default', () => {
    expect(readConfig(script({ 'data-key': 'pk' })).coupon).toBe('coupon')
    expect(readConfig(script({ 'data-key': 'pk', 'data-coupon-param': 'promo' })).coupon).toBe('promo')
    expect(landingCode('?ref=ANN&promo=SAVE10', ['promo'])).toBe('SAVE10')
  })

  test('the afflio_coupon cookie round-trips the code, beside the click', () => {
    writeCookie(COUPON_COOKIE, 'SAVE 10%', 30, '')
    writeCookie(COOKIE, 'clk_1.ANN', 30, '')
    expect(readCookie(COUPON_COOKIE)).toBe('SAVE 10%')
    expect(readClick()).toEqual({ clickId: 'clk_1', code: 'ANN' })
    expect(readCookie('afflio_other')).toBeNull()
  })
})
