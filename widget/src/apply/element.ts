// <afflio-apply program="acme" api="https://affiliates.example.com" email="…" name="…">
// A program's public application form, as a custom element: the entry of dist/afflio-apply.js
// (one small IIFE, Preact included; also `window.AfflioApply.mountApply`). No key or token: it talks
// to the public endpoints. Pass a signed-in user's email and name to fill the form in.
//
// When the application is in, the element dispatches `afflio:applied` (bubbles, composed) with the
// server's answer: `{ id, status: 'pending' | 'approved' }`.
import type { SubmittedApplication } from '@afflio/sdk/types'
import { mountApply } from './apply.tsx'
import { define, WidgetElement } from '../kit/element.ts'
import type { ThemeMode } from '../kit/shell.ts'

export { mountApply }

export class AfflioApplyElement extends WidgetElement {
  static observedAttributes = ['program', 'api', 'email', 'name', 'locale', 'theme']

  protected start() {
    const program = this.attr('program')
    const baseUrl = this.attr('api')
    if (!program || !baseUrl) return undefined
    return mountApply(this, {
      program,
      baseUrl,
      email: this.attr('email'),
      name: this.attr('name'),
      locale: this.attr('locale'),
      theme: (this.attr('theme') as ThemeMode | undefined) ?? 'auto',
      onSubmitted: (detail) => this.dispatchEvent(new CustomEvent('afflio:applied', { bubbles: true, composed: true, detail })),
    })
  }
}

define('afflio-apply', AfflioApplyElement)

declare global {
  interface HTMLElementTagNameMap {
    'afflio-apply': AfflioApplyElement
  }
  interface HTMLElementEventMap {
    'afflio:applied': CustomEvent<SubmittedApplication>
  }
}
