// The partners feature's public face: other features import from here, never from its files.
export { bulkPartners } from './bulk-partners.ts'
export { createPartner, explainPartnerConflict, insertPartnerWithLink } from './partners.ts'
export { auditPartnerCreated, emitPartnersCreated, emitStatusChanges, partnersCreated } from './partner-events.ts'
export { updateProfile } from './profile.ts'
export { findLink, findPartner, insertLink, listLinks, partnerIdByExternalId, partnersByEmail, partnersPageOf, setPartnerExternalId, takenExternalIds, takenLinkCodes, toLink, toPartner } from './queries.ts'
export type { LinkProgram, PartnerRow } from './queries.ts'
export { shareUrl, withSubId } from './share-url.ts'
export * as partnersSchemas from './schemas.ts'
