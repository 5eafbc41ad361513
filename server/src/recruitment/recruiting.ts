// A partner's recruiting link: the program's public marketplace page with `?via=<the partner's first link
// code>`. An application through it carries the code (recruitment/applications.ts stores the recruiter),
// and approval makes the new partner that partner's recruit, which pays the recruiter the second tier. The
// recruiter is told of both (recruit-notice.ts).
import type { Db } from '../kernel/db/connect.ts'
import { findFormSettings, findListing } from './queries.ts'
import { firstLinkCode } from './application-queries.ts'

/** `/marketplace/<slug>?via=<code>`, or null while the program has no listed page taking applications. */
export async function recruitingPath(db: Db, programId: string, partnerId: string): Promise<string | null> {
  const [listing, form, code] = await Promise.all([findListing(db, programId), findFormSettings(db, programId), firstLinkCode(db, partnerId)])
  if (!listing || Number(listing.listed) !== 1 || !form.accepting || !code) return null
  return `/marketplace/${encodeURIComponent(listing.slug)}?via=${encodeURIComponent(code)}`
}
