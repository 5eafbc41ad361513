// <afflio-console token="ct_…" api="https://affiliates.example.com" theme="dark" locale="de-DE">
// The script-tag way to embed the console; also the IIFE bundle's entry (window.AfflioConsole.mount).
//
// Token refresh: when the token expires the element dispatches `afflio:token-expired` (bubbles,
// composed). Call `event.detail.provide(tokenOrPromise)` to hand it a new one, or set the `token`
// attribute at any time.
import { define, TokenElement, type TokenExpiredDetail } from '../kit/element.ts'
import { type ConsoleHandle, mountConsole as mount } from './mount.tsx'

export { mount }

/** The detail of `afflio:token-expired` (the same for every widget). */
export type ConsoleTokenExpiredDetail = TokenExpiredDetail

export class AfflioConsoleElement extends TokenElement<ConsoleHandle> {
  constructor() {
    super(mount)
  }
}

define('afflio-console', AfflioConsoleElement)

declare global {
  interface HTMLElementTagNameMap {
    'afflio-console': AfflioConsoleElement
  }
}
