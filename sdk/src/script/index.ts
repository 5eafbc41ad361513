// The Afflio tracking script (built to dist/afflio.js, see vite.script.config.ts and snippet.html).
//
//   <script async src="https://afflio.example.com/afflio.js" data-key="pk_…"></script>
//
// On a landing with `?ref=CODE` (or any `data-params` name; read from the URL the page was loaded with,
// once: an SPA's later route changes are not landings, docs/script-tag.md) it records the click once, keeps the
// click id in the first-party cookie `afflio_click` for the program's attribution window, and
// exposes it:
//   afflio('ready', ({ clickId, reward }) => …)  runs once the click is recorded (or known to be absent)
//   afflio('referral')                    the click id or null (after load; before load use 'ready')
//   afflio.clickId                        the same, as a property of the loaded function
//   afflio.reward                         what the visitor gets through the partner, or null (docs/rewards.md):
//                                         { kind, percentOffBps | amountOffMinor+currency | trialDays, label, partnerName }
//   window 'afflio:reward' event          its `detail` is that reward; fired when ready and the document is parsed,
//                                         on every page view that has one
//                                         (the cookie `afflio_reward` keeps it beside the click)
//   afflio('lead', { customerExternalId, email?, name? })  POST /v1/track/lead, after 'ready';
//                                         returns a Promise of the answer, TrackLeadReceived (that it was
//                                         received, nothing of the customer), or null on failure or without
//                                         a click (nothing recorded)
//   <input type="hidden" name="afflio_click">  filled with the click id when ready, as it is added, and on submit
// On a landing with `?coupon=CODE` (or the `data-coupon-param` name) it keeps the code in the first-party
// cookie `afflio_coupon` (same lifetime as the click's, 30 days by default) for checkout to pass on as the
// sale's couponCode: afflio('coupon') and afflio.coupon read it (getCouponCode() in @afflio/sdk/browser).
// Sales are never sent from the browser. Nothing here throws into the host page.

import { codeKey } from '../codes'
import type { ReferralOffer, TrackClickInput, TrackClickResult, TrackLeadInput, TrackLeadReceived } from '../types'
import { COOKIE, COUPON_COOKIE, landingCode, readClick, readConfig, readCookie, readReward, REWARD_COOKIE, writeCookie } from './capture'
import { install, later, type Afflio } from './queue'
import { send } from './send'

try {
  const w = window as unknown as Window & { afflio?: Afflio }
  // Loaded twice: the first copy stays in charge.
  if (!(w.afflio && 'clickId' in w.afflio)) {
    const d = document
    const config = readConfig((d.currentScript || d.querySelector('script[data-key]')) as HTMLScriptElement | null)
    // The URL the page was loaded with, not location: an SPA's router may have rewritten the address
    // (history.replaceState without the query) before this async script ran. A parameter missing from
    // it is read from the address as it is now (a router that turned /r/alice into ?ref=alice first).
    const nav = performance.getEntriesByType('navigation')[0]
    const href = (nav && nav.name) || location.href
    const search = new URL(href).search + '&' + location.search.slice(1)
    const stored = readClick()
    const code = landingCode(search, config.params)
    const ready = later<{ clickId: string | null; reward: ReferralOffer | null }>()
    let clickId = stored && stored.clickId
    const coupon = landingCode(search, [config.coupon])
    if (coupon) writeCookie(COUPON_COOKIE, coupon.slice(0, 200), config.days || 30, config.domain)
    let reward = readReward()

    const fill = () => {
      if (clickId)
        d.querySelectorAll<HTMLInputElement>('input[name=afflio_click]').forEach((input) => (input.value = clickId!))
    }
    const done = () => {
      afflio.clickId = clickId
      afflio.reward = reward
      fill()
      // And every input added later: a form parsed after the script ran (a plain <script> in the head,
      // a slow page) or rendered by an SPA, so form.submit() and scripts reading the field see the id.
      if (clickId) new MutationObserver(fill).observe(d, { childList: true, subtree: true })
      ready.resolve({ clickId, reward })
      // Not before the document is parsed: from the cookie, done() runs while this script does, and the
      // page's later scripts have not added their listeners yet.
      const fire = () => w.dispatchEvent(new CustomEvent('afflio:reward', { detail: reward }))
      if (reward) d.readyState == 'loading' ? d.addEventListener('DOMContentLoaded', fire) : fire()
    }

    const afflio = install(w, (command, args) => {
      if (command == 'ready') ready.on(args[0] as (v: { clickId: string | null; reward: ReferralOffer | null }) => void)
      if (command == 'referral') return clickId
      if (command == 'coupon') return afflio.coupon
      if (command == 'lead')
        return new Promise((resolve) =>
          ready.on(() =>
            resolve(
              send<TrackLeadReceived>(config.api + '/v1/track/lead', {
                key: config.key,
                clickId: clickId || undefined,
                ...(args[0] as TrackLeadInput),
              } satisfies TrackLeadInput),
            ),
          ),
        )
    })
    afflio.clickId = clickId
    afflio.coupon = readCookie(COUPON_COOKIE) || coupon
    // Capture phase on document: runs before the form's own submit handlers read its fields.
    d.addEventListener('submit', fill, true)

    // The code in any case and with spaces around it is the same link (the server finds codes by codeKey),
    // so `?ref=alice%20` after a click for ALICE is that click's reload, not a new click.
    if (code && config.key && !(stored && codeKey(stored.code) == codeKey(code))) {
      send<TrackClickResult>(config.api + '/v1/track/click', {
        key: config.key,
        code,
        // The API caps both at 2048 characters: a long tracking URL must not lose the click.
        url: href.slice(0, 2048),
        referrer: d.referrer.slice(0, 2048),
        // The partner's own tracking label: ?ref=CODE&sub=newsletter-march
        // (Not `?.slice`: lowered for es2019, it costs the budget 10 bytes more.)
        subId: (landingCode(search, ['sub']) || '').slice(0, 100) || undefined,
      } satisfies TrackClickInput).then((res) => {
        try {
          // First click: the click this browser already holds keeps the attribution (the cookie lives as
          // long as the window); the new one is recorded all the same.
          if (res && res.clickId && !(stored && res.attributionModel == 'first_click')) {
            clickId = res.clickId
            reward = res.reward
            const days = config.days || res.attributionWindowDays || 30
            // `clickId.code` (capture.ts), and the reward beside it: null too, so a new partner's click
            // without one replaces the last one's.
            writeCookie(COOKIE, clickId + '.' + code, days, config.domain)
            writeCookie(REWARD_COOKIE, JSON.stringify(reward), days, config.domain)
          }
        } catch {}
        done()
      })
    } else done()
  }
} catch {}
