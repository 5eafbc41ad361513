// The customers feature's public face: other features import from here, never from its files.
export { portalCustomerRoutes } from './portal-routes.ts'
export * as customersSchemas from './schemas.ts'
