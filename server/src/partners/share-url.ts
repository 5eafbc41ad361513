// The URL a partner shares for a link: every Link the API answers carries it (`url`), the portal's and the
// program's alike, and its QR code encodes it. Pure.

/** The query parameter the tracking script reads first (it also reads `via` and `aff`). */
export const REF_PARAM = 'ref'
/** The placement label the tracking script records as the click's sub-id. */
export const SUB_PARAM = 'sub'

/**
 * The URL a partner shares: the link's destination (or the program's site URL, its settings' `siteUrl`)
 * with `?ref=CODE`. null when neither is known (no destination, and the program has set no site URL).
 *
 * @example shareUrl('https://acme.test/pricing?plan=pro', null, 'ALICE') // 'https://acme.test/pricing?plan=pro&ref=ALICE'
 */
export function shareUrl(destinationUrl: string | null, siteUrl: string | null, code: string): string | null {
  const base = destinationUrl ?? siteUrl
  if (!base) return null
  try {
    const url = new URL(base)
    url.searchParams.set(REF_PARAM, code)
    return url.href
  } catch {
    return null
  }
}

/**
 * A share URL with the partner's placement label (`?sub=`), trimmed; unchanged without one. The portal's
 * sub-id field adds it the same way (widget/src/portal/views/Links.tsx), so a code matches the URL shown.
 *
 * @example withSubId('https://acme.test/?ref=ALICE', ' mail ') // 'https://acme.test/?ref=ALICE&sub=mail'
 */
export function withSubId(shared: string, subId: string | undefined): string {
  const sub = subId?.trim()
  if (!sub) return shared
  const url = new URL(shared)
  url.searchParams.set(SUB_PARAM, sub)
  return url.href
}
