import { afterEach, describe, expect, test, vi } from 'vitest'
import { apiError, byText, defaultRoutes, inbox, me, overview, progress, render, type Routes, step, until } from './testing.ts'

let view: ReturnType<typeof render> | undefined
afterEach(() => view?.cleanup())

/** Every route answers 401 token_expired for `expired` tokens and 401 unauthorized for forged ones. */
function guarded(expired: Set<string>, routes: Routes = defaultRoutes()): Routes {
  return Object.fromEntries(
    Object.entries(routes).map(([key, route]) => [
      key,
      (req: Parameters<Extract<Routes[string], Function>>[0]) =>
        expired.has(req.token)
          ? apiError(401, 'token_expired', 'Embed token expired')
          : !req.token.startsWith('et_')
            ? apiError(401, 'unauthorized', 'Invalid embed token')
            : typeof route === 'function'
              ? (route as Function)(req)
              : route,
    ]),
  )
}

const clicks = () => view!.$('[data-stat=clicks]')?.textContent

describe('tabs', () => {
  test('a tablist: arrow keys, Home and End move focus and selection; the panel is labelled', async () => {
    view = render(defaultRoutes())
    const tabs = view.$$('[role=tab]')
    expect(view.$('[role=tablist]')!.getAttribute('aria-label')).toBe('Sections')
    expect(tabs.map((t) => t.textContent)).toEqual(['Overview', 'Links', 'Commissions', 'Customers', 'Payouts', 'Messages', 'Notices', 'Deals', 'Challenges', 'Resources', 'Profile'])
    expect(tabs.map((t) => t.tabIndex)).toEqual([0, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1])
    const key = (key: string) => view!.root.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }))
    tabs[0]!.focus()
    key('ArrowRight')
    await until(() => expect(view!.$('[aria-selected=true]')!.textContent).toBe('Links'))
    expect(view.root.activeElement!.textContent).toBe('Links')
    expect(view.$('[role=tabpanel]')!.getAttribute('aria-labelledby')).toBe('t-links')
    expect(view.$('[role=tab][aria-selected=true]')!.getAttribute('aria-controls')).toBe('p-links')
    key('ArrowLeft')
    key('ArrowLeft')
    await until(() => expect(view!.root.activeElement!.textContent).toBe('Profile'))
    key('Home')
    await until(() => expect(view!.root.activeElement!.textContent).toBe('Overview'))
    key('End')
    await until(() => expect(view!.$('[aria-selected=true]')!.textContent).toBe('Profile'))
    expect(view.$$('[role=tab]').map((t) => t.tabIndex)).toEqual([-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0])
  })

  const names = () => view!.$$('[role=tab]').map((t) => t.textContent)

  test('an approved partner with steps left: the checklist is the first tab, and selected', async () => {
    const steps = [step('a', { done: true }), step('b')]
    let ob = progress(steps)
    view = render(
      defaultRoutes({
        'GET /v1/portal/me': { ...me, partner: { ...me.partner, status: 'approved' } },
        'GET /v1/portal/onboarding': () => ob,
        'POST /v1/portal/onboarding/steps/b/complete': () => ob,
      }),
    )
    await until(() => expect(names()[0]).toBe('Get started'))
    expect(view.$('[aria-selected=true]')!.textContent).toBe('Get started')
    await until(() => expect(view!.$('[role=tabpanel]')!.textContent).toContain('1 of 2 steps done'))
    // Finishing the checklist does not move the tab away under the partner.
    ob = progress([steps[0]!, { ...steps[1]!, done: true }], { status: 'active' })
    view.$<HTMLButtonElement>('[data-step=b] button')!.click()
    await until(() => expect(view!.$('[role=tabpanel]')!.textContent).toContain('All set'))
    expect(names()[0]).toBe('Get started')
  })

  test('an active partner with a checklist gets it as the last tab; no steps, no tab; a failure keeps it reachable', async () => {
    view = render(defaultRoutes({ 'GET /v1/portal/onboarding': progress([step('a')], { status: 'active' }) }))
    await until(() => expect(names().at(-1)).toBe('Get started'))
    expect(view.$('[aria-selected=true]')!.textContent).toBe('Overview')
    view.cleanup()
    view = render(defaultRoutes())
    await until(() => expect(view!.calls.some((c) => c.path === '/v1/portal/onboarding')).toBe(true))
    await new Promise((r) => setTimeout(r, 20))
    expect(names()).not.toContain('Get started')
    view.cleanup()
    view = render(defaultRoutes({ 'GET /v1/portal/onboarding': apiError(500, 'internal') }))
    await until(() => expect(names().at(-1)).toBe('Get started'))
  })

  test('the Messages tab carries the unread count, announced with its name; opening it clears it', async () => {
    let read = false
    view = render(
      defaultRoutes({
        'GET /v1/portal/messages': () => (read ? inbox({ unreadCount: 0, unread: { messages: 0, newsletters: 0 } }) : inbox()),
        'POST /v1/portal/messages/read': () => ((read = true), { unreadCount: 0, unread: { messages: 0, newsletters: 0 } }),
      }),
    )
    const tab = () => byText(view!.root, '[role=tab]', 'Messages2')
    await until(() => expect(tab().getAttribute('aria-label')).toBe('Messages, 2 unread'))
    expect(tab().querySelector('.n')!.getAttribute('aria-hidden')).toBe('true')
    tab().click()
    await until(() => expect(byText(view!.root, '[role=tab]', 'Messages').getAttribute('aria-label')).toBeNull())
    expect(view.calls.find((c) => c.method === 'POST')).toMatchObject({ path: '/v1/portal/messages/read', body: { upTo: 'msg_003' } })
  })
})

describe('tokens', () => {
  test('an expired token is refreshed through onTokenExpired without the partner noticing', async () => {
    const onTokenExpired = vi.fn(async () => 'et_new')
    view = render(guarded(new Set(['et_test'])), { onTokenExpired })
    await until(() => expect(clicks()).toBe('1,234'))
    expect(onTokenExpired).toHaveBeenCalledTimes(1) // both first calls expired; one refresh
    // The first calls: the partner, the overview and its balances, and the three the tabs need (unread counts, checklist).
    expect(view.calls.filter((c) => c.token === 'et_new').map((c) => c.path).sort()).toEqual(['/v1/portal/me', '/v1/portal/messages', '/v1/portal/notices', '/v1/portal/onboarding', '/v1/portal/overview', '/v1/portal/payouts'])
    expect(view.$('[role=alert]')).toBeNull()
  })

  test('expired, no callback: a clear state; handing a token loads again', async () => {
    view = render(guarded(new Set(['et_test'])))
    await until(() => expect(view!.$('[role=alert]')?.textContent).toContain('Your session has expired.'))
    expect(view.$$('[role=tab]')).toHaveLength(0)
    expect(byText(view.root, 'button', 'Refresh')).toBeTruthy()
    view.handle.setToken('et_fresh')
    await until(() => expect(clicks()).toBe('1,234'))
    expect(view.calls.at(-1)!.token).toBe('et_fresh')
  })

  test('the host could not refresh: Refresh asks again, and works once the host can', async () => {
    let fail = true
    const onTokenExpired = vi.fn(async () => {
      if (fail) throw new Error('backend down')
      return 'et_new'
    })
    view = render(guarded(new Set(['et_test'])), { onTokenExpired })
    await until(() => expect(view!.$('[role=alert]')?.textContent).toContain('Your session has expired.'))
    fail = false
    byText(view.root, 'button', 'Refresh').click()
    await until(() => expect(clicks()).toBe('1,234'))
    expect(view.$('h2')!.textContent).toBe('Acme Analytics')
    // Views used before the expiry load again too.
    byText(view.root, '[role=tab]', 'Links').click()
    await until(() => expect(view!.$$('.link')).toHaveLength(2))
  })

  test('the host hands over another partner’s token (a user switch): nothing of the first partner stays on screen', async () => {
    // et_b's partner: the server is slow for it, then fails
    const waiting: (() => void)[] = []
    let released = false
    const down = () => apiError(503, 'unavailable', 'down')
    const slowThenFail = (route: Routes[string]) => (req: { token: string }) =>
      req.token !== 'et_b' ? (typeof route === 'function' ? (route as Function)(req) : route) : released ? down() : new Promise((resolve) => waiting.push(() => resolve(down())))
    const routes = defaultRoutes()
    view = render({ ...routes, 'GET /v1/portal/me': slowThenFail(routes['GET /v1/portal/me']!), 'GET /v1/portal/links': slowThenFail(routes['GET /v1/portal/links']!) })
    byText(view.root, '[role=tab]', 'Links').click()
    await until(() => expect(view!.$$('.link')).toHaveLength(2))
    const first = view.$('.head')!.textContent
    view.handle.setToken('et_b')
    await until(() => expect(waiting.length).toBeGreaterThan(0))
    // While the new partner's data loads, and after it failed, the first partner's links and name are gone
    expect(view.$$('.link')).toHaveLength(0)
    expect(view.$('.head')!.textContent).not.toBe(first)
    released = true
    waiting.forEach((answer) => answer())
    await until(() => expect(view!.$('[role=tabpanel] [role=alert]')).toBeTruthy())
    expect(view.$$('.link')).toHaveLength(0)
    expect(view.$('.head')!.textContent).not.toBe(first)
  }, 15_000)

  test('a forged token: "not valid", not a blank box', async () => {
    view = render(guarded(new Set()), { token: 'forged.token' })
    await until(() => expect(view!.$('[role=alert]')?.textContent).toContain('This portal link is not valid.'))
    expect(byText(view.root, 'button', 'Refresh')).toBeTruthy()
  })

  test('a token that expires later, while the partner browses', async () => {
    const expired = new Set<string>()
    view = render(guarded(expired))
    await until(() => expect(clicks()).toBe('1,234'))
    expired.add('et_test')
    byText(view.root, '[role=tab]', 'Commissions').click()
    await until(() => expect(view!.$('[role=alert]')?.textContent).toContain('Your session has expired.'))
    view.handle.setToken('et_2')
    await until(() => expect(view!.$$('tbody tr')).toHaveLength(1))
  })
})

describe('shadow root, theme and locale', () => {
  test('styles live in the shadow root; the page’s head is untouched', () => {
    const before = document.head.innerHTML
    view = render(defaultRoutes())
    expect(view.host.shadowRoot).toBe(view.root)
    // Adopted, not a <style> element: a host's CSP without 'unsafe-inline' would block that
    expect(view.root.querySelector('style')).toBeNull()
    const rules = view.root.adoptedStyleSheets.flatMap((s) => [...s.cssRules].map((r) => r.cssText.replace(/\s/g, '')))
    expect(rules).toContain(':host{all:initial;display:block;}')
    expect(document.head.innerHTML).toBe(before)
    expect(view.host.children).toHaveLength(0)
  })

  test('light, dark or auto, and colours through options', () => {
    view = render(defaultRoutes())
    expect(view.$('.root')!.dataset.theme).toBe('auto')
    view.cleanup()
    view = render(defaultRoutes(), { theme: { mode: 'dark', accent: '#0a7', radius: '2px', font: 'Georgia' } })
    const root = view.$('.root')!
    expect(root.dataset.theme).toBe('dark')
    expect(root.style.getPropertyValue('--afflio-accent')).toBe('#0a7')
    expect(root.style.getPropertyValue('--afflio-radius')).toBe('2px')
    expect(root.style.getPropertyValue('--afflio-font')).toBe('Georgia')
    view.cleanup()
    view = render(defaultRoutes(), { theme: 'light' })
    expect(view.$('.root')!.dataset.theme).toBe('light')
  })

  test('the token’s locale hint applies when no locale option is given', async () => {
    view = render(defaultRoutes({ 'GET /v1/portal/me': { ...me, locale: 'de-DE' } }), { locale: undefined })
    await until(() => expect(clicks()).toBe('1.234'))
  })

  test('messages can be replaced', async () => {
    view = render(defaultRoutes({ 'GET /v1/portal/overview': overview() }), { messages: { clicks: 'Klicks', 'tab.links': 'Links & Codes' } })
    await until(() => expect(view!.text()).toContain('Klicks'))
    expect(view.$$('[role=tab]')[1]!.textContent).toBe('Links & Codes')
  })

  test('unmount empties the shadow root', () => {
    view = render(defaultRoutes())
    view.handle.unmount()
    expect(view.root.childNodes).toHaveLength(0)
  })
})

test('mounting again into the same element replaces the portal', async () => {
  view = render(defaultRoutes())
  const { mount } = await import('./mount.tsx')
  const again = mount(view.host, { token: 'et_2', baseUrl: 'https://afflio.test', fetch: view.fetch, locale: 'en-US' })
  expect(view.host.shadowRoot!.querySelectorAll('.root')).toHaveLength(1)
  view.handle.unmount() // the old handle no longer owns the element
  expect(view.host.shadowRoot!.querySelectorAll('.root')).toHaveLength(1)
  again.unmount()
  expect(view.host.shadowRoot!.childNodes).toHaveLength(0)
})
