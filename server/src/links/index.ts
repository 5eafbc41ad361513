// The links feature's public face: a link's QR code (links themselves, and their share URL, are the
// partners feature's). Other features import from here, never from its files.
export { portalLinkRoutes } from './routes.ts'
export * as linksSchemas from './schemas.ts'
