// @afflio/sdk/browser: read the click the tracking script recorded, e.g. to pass it to checkout.
// No side effects on import; safe to import on the server (returns null without a document).
import { COUPON_COOKIE, readClick, readCookie } from './script/capture.ts'

// The public application form and marketplace, without a key (see public.ts).
export { getApplicationForm, listMarketplace, submitApplication, type PublicOptions } from './public.ts'

// Click ids are `clk_` + base32. This is also Stripe's rule for client_reference_id (up to 200
// characters: letters, digits, '-' and '_'), so a tampered cookie never reaches checkout.
const CLICK_ID = /^[A-Za-z0-9_-]{1,200}$/

/**
 * The visitor's click id, or null when they did not arrive through a partner link.
 *
 * Reads the `afflio_click` cookie first (it is current across tabs), then `window.afflio.clickId`
 * (set by the tracking script, and the only copy when cookies are blocked). Pass a `Cookie` header
 * to read a request's cookie on the server instead; `window` is not consulted then.
 */
export function getClickId(cookies?: string): string | null {
  if (cookies !== undefined) return fromCookie(cookies)
  if (typeof document !== 'undefined') {
    const id = fromCookie(readDocumentCookie())
    if (id !== null) return id
  }
  return fromWindow()
}

/**
 * The click id as Stripe Checkout's `client_reference_id`: undefined (so the parameter is left
 * out) when there is none.
 *
 *   stripe.checkout.sessions.create({ …, client_reference_id: checkoutReferenceId(req.headers.cookie) })
 */
export function checkoutReferenceId(cookies?: string): string | undefined {
  return getClickId(cookies) ?? undefined
}

// Coupon codes as the API takes them (couponCode: at most 200 characters); anything else is not passed on.
const COUPON = /^[A-Za-z0-9_-]{1,200}$/

/**
 * The coupon code the visitor landed with (`?coupon=CODE`, kept by the tracking script in the
 * `afflio_coupon` cookie), or null: pass it to checkout as the sale's `couponCode`. Pass a `Cookie` header
 * to read a request's cookie on the server.
 *
 *   await afflio.track.sale({ invoiceId, amountMinor, currency, couponCode: getCouponCode(req.headers.cookie) ?? undefined })
 */
export function getCouponCode(cookies?: string): string | null {
  const value = readCookie(COUPON_COOKIE, cookies ?? (typeof document !== 'undefined' ? readDocumentCookie() : ''))
  return value !== null && COUPON.test(value) ? value : null
}

function fromCookie(cookies: string): string | null {
  const click = readClick(cookies)
  return click !== null && CLICK_ID.test(click.clickId) ? click.clickId : null
}

function readDocumentCookie(): string {
  try {
    return document.cookie
  } catch {
    // Sandboxed iframes and opaque origins throw on access.
    return ''
  }
}

function fromWindow(): string | null {
  if (typeof window === 'undefined') return null
  // The loaded script's command function carries `clickId`; the pre-load stub does not.
  const afflio = (window as { afflio?: unknown }).afflio
  if ((typeof afflio !== 'function' && typeof afflio !== 'object') || afflio === null) return null
  const id = (afflio as { clickId?: unknown }).clickId
  return typeof id === 'string' && CLICK_ID.test(id) ? id : null
}
