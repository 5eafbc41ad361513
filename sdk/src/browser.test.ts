import { afterEach, describe, expect, test } from 'vitest'
import { checkoutReferenceId, getClickId, getCouponCode } from './browser.ts'
import { COOKIE, writeCookie } from './script/capture.ts'

const w = window as unknown as { afflio?: unknown }

function clearCookies() {
  for (const c of document.cookie.split(/;\s*/)) {
    const name = c.split('=')[0]
    if (name) document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`
  }
}

afterEach(() => {
  clearCookies()
  delete w.afflio
})

describe('getClickId', () => {
  test('null when the visitor has no click', () => {
    expect(getClickId()).toBeNull()
    expect(checkoutReferenceId()).toBeUndefined()
  })

  test('the click id from the cookie the tracking script writes (the part before the first dot)', () => {
    writeCookie(COOKIE, 'clk_01jd3v9k2m4x5z7q8r9s0t1v2w.al.ice; x=1', 30, '')
    expect(getClickId()).toBe('clk_01jd3v9k2m4x5z7q8r9s0t1v2w')
    expect(checkoutReferenceId()).toBe('clk_01jd3v9k2m4x5z7q8r9s0t1v2w')
  })

  test('among other cookies, url-encoded, or a bare id without a code', () => {
    document.cookie = 'other=1; path=/'
    document.cookie = 'afflio_click=clk_abc%2EALICE; path=/'
    document.cookie = 'x_afflio_click=clk_wrong.B; path=/'
    expect(getClickId()).toBe('clk_abc')
    document.cookie = 'afflio_click=clk_bare; path=/'
    expect(getClickId()).toBe('clk_bare')
  })

  test('falls back to window.afflio.clickId (cookies blocked) and prefers the cookie when both exist', () => {
    w.afflio = Object.assign(() => undefined, { clickId: 'clk_window' })
    expect(getClickId()).toBe('clk_window')
    document.cookie = 'afflio_click=clk_cookie.A; path=/'
    expect(getClickId()).toBe('clk_cookie')
  })

  test('the pre-load stub (a queue, no clickId) and a null clickId mean no click', () => {
    w.afflio = Object.assign(() => undefined, { q: [] })
    expect(getClickId()).toBeNull()
    w.afflio = Object.assign(() => undefined, { clickId: null })
    expect(getClickId()).toBeNull()
    w.afflio = 'not the script'
    expect(getClickId()).toBeNull()
  })

  test('values that cannot be a click id are ignored (and never reach Stripe)', () => {
    document.cookie = 'afflio_click=%E0%A4%A; path=/' // malformed encoding
    expect(getClickId()).toBeNull()
    document.cookie = `afflio_click=${encodeURIComponent('<script>.A')}; path=/`
    expect(getClickId()).toBeNull()
    document.cookie = `afflio_click=clk_${'x'.repeat(200)}.A; path=/`
    expect(getClickId()).toBeNull()
    w.afflio = Object.assign(() => undefined, { clickId: 'clk 1' })
    expect(checkoutReferenceId()).toBeUndefined()
  })

  test('given a Cookie header (on the server), reads only that', () => {
    document.cookie = 'afflio_click=clk_browser.A; path=/'
    w.afflio = Object.assign(() => undefined, { clickId: 'clk_window' })
    expect(getClickId('session=s1; afflio_click=clk_fromheader.BOB')).toBe('clk_fromheader')
    expect(checkoutReferenceId('session=s1; afflio_click=clk_fromheader.BOB')).toBe('clk_fromheader')
    expect(getClickId('session=s1')).toBeNull()
    expect(checkoutReferenceId('')).toBeUndefined()
  })
})

describe('getCouponCode', () => {
  test('reads the coupon the script kept, from a Cookie header too, and refuses what the API would not take', () => {
    expect(getCouponCode('a=1; afflio_coupon=SAVE10; afflio_click=clk_1.ANN')).toBe('SAVE10')
    expect(getCouponCode('afflio_coupon=%3Cscript%3E')).toBeNull()
    expect(getCouponCode('other=1')).toBeNull()
  })
})
