// Where a partner may point a link, and how many it may make. Pure. (Its share URL: partners/share-url.ts.)
import { webUrlProblem } from '../kernel/web-url.ts'

/**
 * The host a partner's links may land on, with its subdomains: the site URL's host, without a leading
 * `www.` (a site on www.acme.example takes acme.example and blog.acme.example too).
 *
 * @example allowedHost('https://www.acme.example/shop') // 'acme.example'
 */
export const allowedHost = (siteUrl: string): string => new URL(siteUrl).hostname.replace(/^www\./, '')

/**
 * Why a partner may not point a link at `destinationUrl`, or null when it may. A partner's link may only
 * land on the program's site (its host or a subdomain), so the program's referral link cannot send its
 * visitors elsewhere (a phishing page, a rival's shop). While the program has set no site URL there is no
 * host to check against: a partner may then choose no destination at all (its links go to the program's
 * site once it is set). The program itself, with its secret key, may point a link anywhere.
 *
 * @example partnerDestinationProblem('https://evil.example/', 'https://acme.example') // "must be a page of the program's site: on acme.example or its subdomains"
 */
export function partnerDestinationProblem(destinationUrl: string, siteUrl: string | null): string | null {
  if (!siteUrl) return "the program has not set its site URL yet, so a link cannot name a destination: leave destinationUrl out (the link goes to the program's site)"
  const problem = webUrlProblem(destinationUrl)
  if (problem) return problem
  const host = allowedHost(siteUrl)
  const dest = new URL(destinationUrl).hostname
  if (dest === host || dest.endsWith(`.${host}`)) return null
  return `must be a page of the program's site: on ${host} or its subdomains`
}

/** Links a partner may create for itself through the portal. */
export const MAX_PORTAL_LINKS = 100
