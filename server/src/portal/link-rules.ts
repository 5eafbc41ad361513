// Where a partner may point a link, and how many it may make. Pure. (Its share URL: links/share-url.ts.)

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
