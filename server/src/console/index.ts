// The console feature's public face: other features import from here, never from its files.
export { mintConsoleToken, resolveConsoleToken, revokeConsoleTokens, revokeUnattributedConsoleTokens } from './console-tokens.ts'
