// The invitations feature's public face: other features import from here, never from its files.
export * as invitationsSchemas from './schemas.ts'
