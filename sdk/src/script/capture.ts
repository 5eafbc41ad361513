// What the tracking script reads from the page: its own data attributes, the referral code in the
// landing URL, and the first-party click and reward cookies.
//
// Cookie `afflio_click`: the value is encodeURIComponent(`${clickId}.${code}`), for example
// `clk_01jd3v9k2m4x5z7q8r9s0t1v2w.ALICE` (click ids are `clk_` + base32: never a dot).
// Split at the first '.': the left side is the click id (what signup forms, checkout and the server
// use), the right side is the link code it was recorded for (so a reload of the same `?ref=` landing,
// the code in any case and with spaces around it, as the server's codeKey, is not recorded twice).
// A value without '.' is read as a bare click id, so a server that sets the cookie itself (e.g. after
// a redirect) may write just the id; one with nothing before the '.' is no click. The script (index.ts)
// writes it, and `afflio_reward` beside it, with writeCookie: a wrapper per cookie cost the budget bytes.

import type { ReferralOffer } from '../types'

export const COOKIE = 'afflio_click'
/** The coupon code of a `?coupon=CODE` landing, kept for checkout (the value encodeURIComponent'd) */
export const COUPON_COOKIE = 'afflio_coupon'
/**
 * Cookie `afflio_reward`: encodeURIComponent(JSON of the click's `reward`, a ReferralOffer, or `null`),
 * written with the click cookie and for as long, so a later page view still knows the visitor's reward.
 */
export const REWARD_COOKIE = 'afflio_reward'

export interface Config {
  /** Publishable key, `data-key` */
  key: string
  /** API base without trailing slash, `data-api`; defaults to the script src's origin */
  api: string
  /** Query parameter names that carry a link code, `data-params`; default ref, via, aff */
  params: string[]
  /** Cookie domain, `data-domain` (e.g. `.example.com`); host-only when empty */
  domain: string
  /** Cookie lifetime override in days, `data-days`; 0 (also for any value not a positive number) = the program's attribution window */
  days: number
  /** Query parameter carrying a coupon code, `data-coupon-param`; default coupon */
  coupon: string
}

export interface StoredClick {
  clickId: string
  code: string
}

export function readConfig(script: HTMLScriptElement | null): Config {
  // dataset: `data-coupon-param` is `couponParam`; an absent attribute is undefined.
  const data: DOMStringMap = (script && script.dataset) || {}
  return {
    key: data.key || '',
    api: (data.api || new URL((script && script.src) || location.href).origin).replace(/\/+$/, ''),
    params: (data.params || 'ref,via,aff')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean),
    domain: data.domain || '',
    // Not a positive number (NaN, as from no attribute, 0, negative) is the default: max-age<=0 would delete the cookie.
    days: Math.max(+data.days!, 0) || 0,
    coupon: data.couponParam || 'coupon',
  }
}

/**
 * The value of the first configured parameter present in `search`, without spaces around it (as codeKey
 * drops them: `?ref=alice%20` is alice), else null. Also reads the coupon and `sub` parameters.
 */
export function landingCode(search: string, params: string[]): string | null {
  const query = new URLSearchParams(search)
  return params.map((p) => (query.get(p) || '').trim()).find(Boolean) || null
}

/** A first-party cookie's decoded value, or null when absent or unreadable. */
export function readCookie(name: string, cookies: string = document.cookie): string | null {
  const m = cookies.match(new RegExp('(?:^|;\\s*)' + name + '=([^;]+)'))
  try {
    return m && decodeURIComponent(m[1]!)
  } catch {
    return null
  }
}

/** The click stored in the cookie, or null when absent, unreadable or without a click id. */
export function readClick(cookies?: string): StoredClick | null {
  const [clickId, ...code] = (readCookie(COOKIE, cookies) || '').split('.')
  return clickId ? { clickId, code: code.join('.') } : null
}

/** The reward stored beside the click, or null when absent or unreadable. */
export function readReward(cookies?: string): ReferralOffer | null {
  try {
    return JSON.parse(readCookie(REWARD_COOKIE, cookies)!)
  } catch {
    return null
  }
}

/**
 * Sets a first-party cookie for `days` days: SameSite=Lax, path=/, Secure on https, domain when
 * configured. (No spaces after the `;`s: browsers do not need them, and the script's budget is tight.) When the page cannot read back what it
 * wrote with `domain` (the browser refuses a domain the host is not in: a wrong data-domain), it writes
 * the cookie host-only too (with a console warning), so the next page still has it.
 */
export function writeCookie(name: string, value: string, days: number, domain: string): void {
  document.cookie =
    name +
    '=' +
    encodeURIComponent(value) +
    ';max-age=' +
    // Not `| 0`: past 2^31 seconds (data-days 24856 and up, "forever") it went negative and deleted the cookie
    Math.round(days * 86400) +
    ';path=/;SameSite=Lax' +
    (domain ? ';domain=' + domain : '') +
    (location.protocol == 'https:' ? ';Secure' : '')
  if (domain && readCookie(name) != value) {
    // Said for the click's cookie only: written at most once a page view.
    if (name == COOKIE) console.warn('afflio: data-domain ' + domain + ' refused')
    writeCookie(name, value, days, '')
  }
}
