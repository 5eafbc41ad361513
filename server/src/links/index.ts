// The links feature's public face: a link's share URL and its QR code (links themselves are the partners
// feature's rows). Other features import from here, never from its files.
export { portalLinkRoutes } from './routes.ts'
export { shareUrl } from './share-url.ts'
export * as linksSchemas from './schemas.ts'
