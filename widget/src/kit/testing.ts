// The widgets' unit-test kit: a fake network answering like the API (routes by method and path,
// recorded calls), a widget mounted into a fresh element with query helpers, and small event helpers.
import type { ApiErrorCode } from '@afflio/sdk/types'
import { vi } from 'vitest'

export const BASE = 'https://afflio.test'

/** A challenge's terms as both the console and the portal show them: 10 sales in November for $500. */
export const challengeTerms = {
  description: null,
  metric: 'sales',
  target: 10,
  currency: null,
  startsAt: '2026-11-01T00:00:00.000Z',
  endsAt: '2026-12-01T00:00:00.000Z',
  reward: { amountMinor: 50_000, currency: 'USD' },
  status: 'active',
} as const

type Handler = (req: { url: URL; method: string; token: string; body: unknown }) => unknown
export type Routes = Record<string, Handler | object>

/** An API error reply: `throw apiError(401, 'token_expired')` from a handler, or return it. */
export class Reply {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}
export const apiError = (status: number, code: ApiErrorCode, message: string = code, field?: string) =>
  new Reply(status, { error: { code, message, ...(field ? { field } : {}) } })

/** A fake network: `'GET /v1/portal/me': me` (JSON, or a Response as it is) or a handler; anything else is a 404. Records calls. */
export function fakeApi(routes: Routes) {
  const calls: { method: string; path: string; query: string; token: string; body: unknown }[] = []
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input))
    const method = init?.method ?? 'GET'
    const token = new Headers(init?.headers).get('authorization')?.replace(/^Bearer /, '') ?? ''
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined
    calls.push({ method, path: url.pathname, query: url.search, token, body })
    const route = routes[`${method} ${url.pathname}`]
    let out: unknown = route === undefined ? apiError(404, 'not_found') : route
    if (typeof route === 'function') {
      try {
        out = await (route as Handler)({ url, method, token, body })
      } catch (e) {
        out = e
      }
    }
    if (out instanceof Reply) return new Response(JSON.stringify(out.body), { status: out.status })
    if (out instanceof Error) throw out
    if (out instanceof Response) return out // a text answer (an SVG, a CSV) as it is
    return new Response(JSON.stringify(out), { status: 200, headers: { 'content-type': 'application/json' } })
  })
  return { fetch, calls }
}

/** Mounts a widget (`mount(element, options)`) into a fresh element; returns its shadow root and query helpers. */
export function renderWidget<O extends { baseUrl: string; fetch?: typeof fetch; locale?: string }, H extends { unmount(): void }>(
  mount: (element: Element, options: O) => H,
  routes: Routes,
  options: Omit<O, 'baseUrl'> & Partial<O>,
) {
  const api = fakeApi(routes)
  const host = document.createElement('div')
  document.body.append(host)
  const handle = mount(host, { baseUrl: BASE, fetch: api.fetch, locale: 'en-US', ...options } as unknown as O)
  const root = host.shadowRoot!
  return {
    ...api,
    host,
    root,
    handle,
    text: () => root.textContent ?? '',
    $: <E extends Element = HTMLElement>(selector: string) => root.querySelector<E>(selector),
    $$: <E extends Element = HTMLElement>(selector: string) => [...root.querySelectorAll<E>(selector)],
    cleanup: () => {
      handle.unmount()
      host.remove()
    },
  }
}

/** Waits until `check` stops throwing (the portal renders asynchronously). */
// Generous: CI shares two cores with the browser tests, and a wait ends as soon as the check passes.
export const until = <T>(check: () => T) => vi.waitFor(check, { timeout: 5000, interval: 5 })

export function byText<E extends Element = HTMLElement>(root: ParentNode, selector: string, text: string): E {
  const el = [...root.querySelectorAll<E>(selector)].find((e) => e.textContent?.trim() === text)
  if (!el) throw new Error(`no ${selector} with text "${text}"`)
  return el
}

export const type = (input: HTMLInputElement | HTMLTextAreaElement, value: string) => {
  input.value = value
  input.dispatchEvent(new Event('input', { bubbles: true })) // as a browser's does
}
export const choose = (select: HTMLSelectElement, value: string) => {
  select.value = value
  select.dispatchEvent(new Event('change', { bubbles: true }))
}

/** Lets Preact render what the last event changed (it renders in a microtask). */
export const tick = () => new Promise((r) => setTimeout(r, 0))
