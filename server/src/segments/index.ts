// The segments feature's public face: other features import from here, never from its files.
export { segmentQuery } from './queries.ts'
export * as segmentsSchemas from './schemas.ts'
export { partnerInSegment, savedDefinition, segmentPartnerIds } from './segments.ts'
