// Which web addresses a program may give: a link's destination, its site's URL. Pure.
// https only, so a referral link never sends a visitor over plain HTTP; http only on this machine
// (localhost, 127.0.0.0/8, ::1), where a site is developed and the demo runs.

/** localhost, a name under .localhost, 127.0.0.0/8 or ::1: a host only this machine reaches. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase()
  return h === 'localhost' || h.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(h) || h === '[::1]'
}

function parse(s: string): URL | null {
  try {
    return new URL(s)
  } catch {
    return null
  }
}

/**
 * Why `s` is not a web page a program may send visitors to, or null when it is: an https URL (http on
 * a loopback host), without a user name or password.
 *
 * @example webUrlProblem('http://acme.example/') // 'must be an https URL (http only on localhost)'
 */
export function webUrlProblem(s: string): string | null {
  const url = parse(s)
  if (!url || !/^https?:\/\//i.test(s.trim())) return 'must be an https URL, such as https://acme.example/pricing'
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) return 'must be an https URL (http only on localhost)'
  if (url.username || url.password) return 'must not hold a user name or password'
  return null
}

/**
 * Why `s` is not a program's site URL, or null when it is: a web URL as `webUrlProblem` takes it, its
 * origin with at most a path: no query or fragment, since share URLs add `?ref=` to it.
 *
 * @example siteUrlProblem('https://acme.example/?lang=en') // 'must have no query (?…) or fragment (#…)'
 */
export function siteUrlProblem(s: string): string | null {
  const problem = webUrlProblem(s)
  if (problem) return problem
  const url = new URL(s)
  if (url.search || url.hash || /[?#]/.test(s)) return 'must have no query (?…) or fragment (#…)'
  return null
}

/**
 * A site URL in one spelling: the origin as URL writes it (lower-case host, no default port), then the
 * path, without the lone `/` of a bare origin.
 *
 * @example canonicalSiteUrl('HTTPS://Acme.Example:443/') // 'https://acme.example'
 */
export function canonicalSiteUrl(s: string): string {
  const url = new URL(s)
  return url.origin + (url.pathname === '/' ? '' : url.pathname)
}
