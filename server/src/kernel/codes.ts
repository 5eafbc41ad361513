// Pure. In the kernel because two features key codes the same way: partners' link codes (partners/,
// tracking/, recruitment/, invitations/) and coupon codes (coupons/). People retype codes from podcasts
// and print, so a program's codes are one whatever their case.

/**
 * The key a link or coupon code is unique by in its program and found by: the code as typed is stored
 * and shown, its key (beside it, `code_key`, under a unique index per program) is what a lookup matches.
 *
 * @example codeKey('alice') === codeKey('ALICE') // 'ALICE'
 */
export function codeKey(code: string): string {
  return code.trim().toUpperCase()
}
