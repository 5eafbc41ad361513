// The recruitment feature's public face: other features import from here, never from its files.
export * as recruitmentSchemas from './schemas.ts'
export { recruitingPath } from './recruiting.ts'
