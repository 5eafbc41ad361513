// <afflio-console token="ct_…" api="https://affiliates.example.com" theme="dark" locale="de-DE">
// The script-tag way to embed the console; also the IIFE bundle's entry (window.AfflioConsole.mount).
//
// Token refresh: when the token expires the element dispatches `afflio:token-expired` (bubbles,
// composed). Call `event.detail.provide(tokenOrPromise)` to hand it a new one, or set the `token`
// attribute at any time.
import { type ConsoleHandle, mountConsole as mount, type ThemeMode } from './mount.tsx'
import { NoTokenProvider } from './session.ts'

export { mount }

export interface ConsoleTokenExpiredDetail {
  /** Give the console a new token (or a promise of one); the request that failed is retried. */
  provide(token: string | Promise<string>): void
}

export class AfflioConsoleElement extends HTMLElement {
  static observedAttributes = ['token', 'api', 'theme', 'locale']
  #handle: ConsoleHandle | undefined
  #asking = false
  #queued = false

  connectedCallback() {
    this.#restart()
  }

  disconnectedCallback() {
    this.#handle?.unmount()
    this.#handle = undefined
  }

  attributeChangedCallback(name: string, old: string | null, value: string | null) {
    if (old === value) return
    // A new token goes to the running console (unless it is the answer to our own event, see #ask).
    if (name === 'token' && this.#handle) return void (value && !this.#asking && this.#handle.setToken(value))
    this.#restart()
  }

  /** Mounts again with the current attributes, once per task (an upgrade reports every attribute). */
  #restart() {
    if (this.#queued) return
    this.#queued = true
    queueMicrotask(() => {
      this.#queued = false
      this.#handle?.unmount()
      this.#handle = undefined
      if (this.isConnected) this.#start()
    })
  }

  #start() {
    const token = this.getAttribute('token')
    const baseUrl = this.getAttribute('api')
    if (!token || !baseUrl) return
    const locale = this.getAttribute('locale')
    this.#handle = mount(this, {
      token,
      baseUrl,
      theme: (this.getAttribute('theme') as ThemeMode | null) ?? 'auto',
      ...(locale ? { locale } : {}),
      onTokenExpired: () => this.#ask(),
    })
  }

  /** Asks the page for a token: a listener that calls provide(), or one that sets the attribute. */
  #ask(): Promise<string> {
    const before = this.getAttribute('token')
    let given: Promise<string> | undefined
    const detail: ConsoleTokenExpiredDetail = { provide: (token) => void (given = Promise.resolve(token)) }
    this.#asking = true
    try {
      this.dispatchEvent(new CustomEvent('afflio:token-expired', { bubbles: true, composed: true, detail }))
    } finally {
      this.#asking = false
    }
    const now = this.getAttribute('token')
    if (given) return given
    if (now && now !== before) return Promise.resolve(now)
    return Promise.reject(new NoTokenProvider('No listener gave a token for afflio:token-expired'))
  }
}

if (typeof customElements !== 'undefined' && !customElements.get('afflio-console')) {
  customElements.define('afflio-console', AfflioConsoleElement)
}

declare global {
  interface HTMLElementTagNameMap {
    'afflio-console': AfflioConsoleElement
  }
}
