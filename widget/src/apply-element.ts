// <afflio-apply program="acme" api="https://affiliates.example.com" email="…" name="…">
// A program's public application form, as a custom element: the entry of dist/afflio-apply.js
// (one small IIFE, Preact included; also `window.AfflioApply.mountApply`). No key or token: it talks
// to the public endpoints. Pass a signed-in user's email and name to fill the form in.
//
// When the application is in, the element dispatches `afflio:applied` (bubbles, composed) with the
// server's answer: `{ id, status: 'pending' | 'approved' }`.
import type { SubmittedApplication } from '@afflio/sdk/types'
import { mountApply } from './apply.tsx'
import type { ThemeMode } from './shell.ts'

export { mountApply }

export class AfflioApplyElement extends HTMLElement {
  static observedAttributes = ['program', 'api', 'email', 'name', 'locale', 'theme']
  #handle: { unmount(): void } | undefined
  #queued = false

  connectedCallback() {
    this.#restart()
  }

  disconnectedCallback() {
    this.#handle?.unmount()
    this.#handle = undefined
  }

  attributeChangedCallback(_: string, old: string | null, value: string | null) {
    if (old !== value) this.#restart()
  }

  /** Mounts again with the current attributes, once per task (an upgrade reports each attribute). */
  #restart() {
    if (this.#queued) return
    this.#queued = true
    queueMicrotask(() => {
      this.#queued = false
      this.#handle?.unmount()
      this.#handle = undefined
      const attr = (name: string) => this.getAttribute(name) ?? undefined
      const program = attr('program')
      const baseUrl = attr('api')
      if (!this.isConnected || !program || !baseUrl) return
      this.#handle = mountApply(this, {
        program,
        baseUrl,
        email: attr('email'),
        name: attr('name'),
        locale: attr('locale'),
        theme: (attr('theme') as ThemeMode | undefined) ?? 'auto',
        onSubmitted: (detail) => this.dispatchEvent(new CustomEvent('afflio:applied', { bubbles: true, composed: true, detail })),
      })
    })
  }
}

if (typeof customElements !== 'undefined' && !customElements.get('afflio-apply')) {
  customElements.define('afflio-apply', AfflioApplyElement)
}

declare global {
  interface HTMLElementTagNameMap {
    'afflio-apply': AfflioApplyElement
  }
  interface HTMLElementEventMap {
    'afflio:applied': CustomEvent<SubmittedApplication>
  }
}
