// The stripe feature's public face: other features import from here, never from its files.
export { signStripePayload } from './signature.ts'
