// <afflio-portal token="et_…" api="https://affiliates.example.com" theme="dark" locale="de-DE">
// The script-tag way to embed the portal; also the IIFE bundle's entry (window.AfflioPortal.mount).
//
// Token refresh: when the token expires the element dispatches `afflio:token-expired` (bubbles,
// composed). Call `event.detail.provide(tokenOrPromise)` to hand it a new one, or set the `token`
// attribute at any time.
import { define, TokenElement } from '../kit/element.ts'
import { mount, type PortalHandle } from './mount.tsx'

export { mount }
export type { TokenExpiredDetail } from '../kit/element.ts'

export class AfflioPortalElement extends TokenElement<PortalHandle> {
  constructor() {
    super(mount)
  }
}

define('afflio-portal', AfflioPortalElement)

declare global {
  interface HTMLElementTagNameMap {
    'afflio-portal': AfflioPortalElement
  }
}
