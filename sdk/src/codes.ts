// Pure. In the SDK because the server and the tracking script must key codes the same way: the server
// stores and finds partners' link codes and coupon codes by it (server/src/kernel/codes.ts re-exports
// it), and the script compares the code it landed with to the one its cookie holds by it. People retype
// codes from podcasts and print, so a program's codes are one whatever their case and surrounding spaces.

/**
 * The key a link or coupon code is unique by in its program and found by: the code as typed is stored
 * and shown, its key (beside it, `code_key`, under a unique index per program) is what a lookup matches.
 *
 * @example codeKey(' alice') === codeKey('ALICE') // 'ALICE'
 */
export function codeKey(code: string): string {
  return code.trim().toUpperCase()
}
