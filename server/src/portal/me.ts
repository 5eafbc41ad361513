import type { Partner, PortalMe, UpdatePortalProfileInput } from '@afflio/sdk/types'
import type { Db } from '../kernel/db/connect.ts'
import { toPartner, updateProfile } from '../partners/index.ts'
import { recruitingPath } from '../recruitment/index.ts'
import { partnerOffer } from '../rewards/index.ts'
import type { PortalSession } from './embed-tokens.ts'

/** Who the token acts for, and its recruiting link. */
export async function getPortalMe(db: Db, session: PortalSession, partner: Partner = toPartner(session.partner)): Promise<PortalMe> {
  const { program, locale } = session
  const [path, referralReward] = await Promise.all([recruitingPath(db, program.id, partner.id), partnerOffer(db, program, partner)])
  return { partner, program: { name: program.name, currency: program.currency, siteUrl: program.site_url }, locale, recruitingPath: path, referralReward }
}

/** The partner edits its own profile; the program's audit log names the partner as who did it. */
export async function updatePortalProfile(db: Db, session: PortalSession, input: UpdatePortalProfileInput, now: Date): Promise<PortalMe> {
  const { program, partner } = session
  const updated = await updateProfile(db, program.id, partner.id, input, { actor: { kind: 'partner', id: partner.id, label: partner.email }, at: now })
  return getPortalMe(db, session, updated)
}
