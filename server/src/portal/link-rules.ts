// Share URLs and where a partner may point a link. Pure.

/** The query parameter the tracking script reads first (it also reads `via` and `aff`). */
export const REF_PARAM = 'ref'

/**
 * The URL a partner shares: the link's destination (or the program's site) with `?ref=CODE`.
 * null when neither is known.
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
 * A partner's link may only land on the program's site (its host or a subdomain), so the portal
 * cannot be used to mint redirects elsewhere. Any http(s) URL passes while the site is unknown.
 */
export function isOnSite(destinationUrl: string, siteUrl: string | null): boolean {
  let dest: URL
  try {
    dest = new URL(destinationUrl)
  } catch {
    return false
  }
  if (dest.protocol !== 'https:' && dest.protocol !== 'http:') return false
  if (!siteUrl) return true
  const site = new URL(siteUrl).hostname.replace(/^www\./, '')
  return dest.hostname === site || dest.hostname.endsWith('.' + site)
}

/** Links a partner may create for itself through the portal. */
export const MAX_PORTAL_LINKS = 100
