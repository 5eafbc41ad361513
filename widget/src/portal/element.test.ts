import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { AfflioPortalElement, type TokenExpiredDetail } from './element.ts'
import { apiError, BASE, defaultRoutes, fakeApi, type Routes, until } from './testing.ts'

let api: ReturnType<typeof fakeApi>
let el: AfflioPortalElement | undefined

/** The portal API where only `valid` tokens work; others have expired. */
function withTokens(valid: Set<string>, routes: Routes = defaultRoutes()) {
  api = fakeApi(
    Object.fromEntries(
      Object.entries(routes).map(([k, r]) => [k, (req: { token: string }) => (valid.has(req.token) ? r : apiError(401, 'token_expired'))]),
    ),
  )
  vi.stubGlobal('fetch', api.fetch)
}

function create(attrs: Record<string, string>) {
  el = document.createElement('afflio-portal')
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v)
  document.body.append(el)
  return el
}

const shadow = () => el!.shadowRoot!
const clicks = () => shadow().querySelector('[data-stat=clicks]')?.textContent

beforeEach(() => withTokens(new Set(['et_ok', 'et_new'])))
afterEach(() => {
  el?.remove()
  el = undefined
  vi.unstubAllGlobals()
})

describe('<afflio-portal>', () => {
  test('is defined, renders in its shadow root from the token and api attributes', async () => {
    expect(customElements.get('afflio-portal')).toBe(AfflioPortalElement)
    create({ token: 'et_ok', api: BASE, locale: 'de-DE', theme: 'dark' })
    await until(() => expect(clicks()).toBe('1.234'))
    expect(shadow().querySelector<HTMLElement>('.root')!.dataset.theme).toBe('dark')
    expect(api.calls[0]!.token).toBe('et_ok')
  })

  test('waits for a token set after insertion', async () => {
    create({ api: BASE, locale: 'en-US' })
    expect(el!.shadowRoot).toBeNull()
    el!.setAttribute('token', 'et_ok')
    await until(() => expect(clicks()).toBe('1,234'))
  })

  test('afflio:token-expired: a listener provides a new token and the portal carries on', async () => {
    const seen: Event[] = []
    document.addEventListener('afflio:token-expired', (e) => {
      seen.push(e)
      ;(e as CustomEvent<TokenExpiredDetail>).detail.provide(Promise.resolve('et_new'))
    }, { once: true })
    create({ token: 'et_old', api: BASE, locale: 'en-US' })
    await until(() => expect(clicks()).toBe('1,234'))
    expect(seen).toHaveLength(1)
    expect(seen[0]!.target).toBe(el)
    expect(api.calls.at(-1)!.token).toBe('et_new')
  })

  test('a listener may set the token attribute instead', async () => {
    const listener = (e: Event) => (e.target as Element).setAttribute('token', 'et_new')
    document.addEventListener('afflio:token-expired', listener)
    create({ token: 'et_old', api: BASE, locale: 'en-US' })
    await until(() => expect(clicks()).toBe('1,234'))
    document.removeEventListener('afflio:token-expired', listener)
  })

  test('nobody answers: the expired state; setting the token attribute later recovers', async () => {
    create({ token: 'et_old', api: BASE, locale: 'en-US' })
    await until(() => expect(shadow().querySelector('[role=alert]')?.textContent).toContain('Your session has expired.'))
    el!.setAttribute('token', 'et_new')
    await until(() => expect(clicks()).toBe('1,234'))
  })

  test('removing the element unmounts the portal', async () => {
    create({ token: 'et_ok', api: BASE })
    await until(() => expect(shadow().querySelector('[role=tablist]')).not.toBeNull())
    el!.remove()
    expect(shadow().childNodes).toHaveLength(0)
  })
})
