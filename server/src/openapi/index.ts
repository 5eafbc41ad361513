// The openapi feature's public face: other features import from here, never from its files.
export { operations } from './operations.ts'
