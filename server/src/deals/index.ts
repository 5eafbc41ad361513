// The deals feature's public face: other features import from here, never from its files.
export { portalDealRoutes } from './portal-routes.ts'
export * as dealsSchemas from './schemas.ts'
