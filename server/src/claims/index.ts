// The claims feature's public face: other features import from here, never from its files.
export { claimRoutes } from './routes.ts'
export { portalClaimRoutes } from './portal-routes.ts'
export * as claimsSchemas from './schemas.ts'
