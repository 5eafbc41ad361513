// In the kernel because two features key codes the same way: partners' link codes (partners/,
// tracking/, recruitment/, invitations/) and coupon codes (coupons/). Owned by the SDK (sdk/src/codes.ts),
// so the tracking script compares the code it landed with exactly as the server looks it up.
export { codeKey } from '@afflio/sdk'
