// The messaging feature's public face: other features import from here, never from its files.
export { createMailTransport, startMailLoop } from './deliver-emails.ts'
export { commissionInWords } from './email-content.ts'
export { cancelWaitingEmails } from './email-queries.ts'
export { queueInvitationEmail } from './invitation-email.ts'
export { notifyPartner } from './notify.ts'
export { messagingReactions } from './reactions.ts'
export { portalMessagingRoutes, portalNoticeRoutes } from './routes.ts'
export * as messagingSchemas from './schemas.ts'
