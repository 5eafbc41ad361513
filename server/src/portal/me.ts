import type { PortalMe } from '@afflio/sdk/types'
import { toPartner } from '../partners/index.ts'
import type { PortalSession } from './embed-tokens.ts'

/** Who the token acts for. Programs have no site URL yet: `siteUrl` is null until they do. */
export function getPortalMe(session: PortalSession): PortalMe {
  const { program, partner, locale } = session
  return { partner: toPartner(partner), program: { name: program.name, currency: program.currency, siteUrl: null }, locale }
}
