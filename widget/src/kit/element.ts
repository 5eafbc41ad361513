// The custom-element base of every Afflio widget: it mounts when connected and its attributes are in,
// once per task (an upgrade reports every attribute and then the connection, and that must not mount
// and fetch four times), mounts again when an attribute changes, and unmounts when removed.
//
// TokenElement adds the token: a new `token` attribute goes to the running widget, and when the token
// expires the element dispatches `afflio:token-expired` (bubbles, composed). Call
// `event.detail.provide(tokenOrPromise)` to hand it a new one, or set the `token` attribute.
import { NoTokenProvider } from './session.ts'
import type { ThemeMode } from './shell.ts'

export interface TokenExpiredDetail {
  /** Give the widget a new token (or a promise of one); the request that failed is retried. */
  provide(token: string | Promise<string>): void
}

interface Handle {
  unmount(): void
}

export abstract class WidgetElement<H extends Handle = Handle> extends HTMLElement {
  protected handle: H | undefined
  #queued = false

  /** Mounts the widget from the current attributes, or returns undefined while some are missing. */
  protected abstract start(): H | undefined

  connectedCallback() {
    this.restart()
  }

  disconnectedCallback() {
    this.handle?.unmount()
    this.handle = undefined
  }

  attributeChangedCallback(_: string, old: string | null, value: string | null) {
    if (old !== value) this.restart()
  }

  /** Mounts again with the current attributes, once per task. */
  protected restart() {
    if (this.#queued) return
    this.#queued = true
    queueMicrotask(() => {
      this.#queued = false
      this.handle?.unmount()
      this.handle = undefined
      if (this.isConnected) this.handle = this.start()
    })
  }

  /** An attribute's value, undefined when absent. */
  protected attr(name: string): string | undefined {
    return this.getAttribute(name) ?? undefined
  }
}

export interface TokenMountOptions {
  token: string
  baseUrl: string
  theme: ThemeMode
  locale?: string
  onTokenExpired: () => Promise<string>
}

/** A widget that acts with a token: `token`, `api`, `theme` and `locale` attributes. */
export class TokenElement<H extends Handle & { setToken(token: string): void }> extends WidgetElement<H> {
  static observedAttributes = ['token', 'api', 'theme', 'locale']
  #asking = false

  /** `mount` renders the widget into this element; each widget's element passes its own. */
  constructor(private readonly mount: (element: Element, options: TokenMountOptions) => H) {
    super()
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null) {
    if (old === value) return
    // A new token goes to the running widget (unless it is the answer to our own event, see #ask).
    if (name === 'token' && this.handle) return void (value && !this.#asking && this.handle.setToken(value))
    this.restart()
  }

  protected start(): H | undefined {
    const token = this.attr('token')
    const baseUrl = this.attr('api')
    // Nothing to show until the host gives both; it may set them after inserting the element.
    if (!token || !baseUrl) return undefined
    const locale = this.attr('locale')
    return this.mount(this, {
      token,
      baseUrl,
      theme: (this.attr('theme') as ThemeMode | undefined) ?? 'auto',
      ...(locale ? { locale } : {}),
      onTokenExpired: () => this.#ask(),
    })
  }

  /** Asks the page for a token: a listener that calls provide(), or one that sets the attribute. */
  #ask(): Promise<string> {
    const before = this.getAttribute('token')
    let given: Promise<string> | undefined
    const detail: TokenExpiredDetail = { provide: (token) => void (given = Promise.resolve(token)) }
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

/** Defines the element once (a second bundle on the page, or a second import, leaves the first). */
export function define(tag: string, element: CustomElementConstructor) {
  if (typeof customElements !== 'undefined' && !customElements.get(tag)) customElements.define(tag, element)
}

declare global {
  interface HTMLElementEventMap {
    'afflio:token-expired': CustomEvent<TokenExpiredDetail>
  }
}
