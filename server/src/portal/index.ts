// The portal feature's public face: other features import from here, never from its files.
export { createEmbedToken, revokeEmbedTokens, revokeUnattributedEmbedTokens } from './embed-tokens.ts'
export type { PortalSession } from './embed-tokens.ts'
export type { PortalEnv } from './routes.ts'
export * as portalSchemas from './schemas.ts'
