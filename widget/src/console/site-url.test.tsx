// The program's site URL (views/SiteUrl.tsx), in the Partners tab, against a fake network: what it says set
// and unset, a plainly wrong address named beside the field and never sent, the server's refusal beside it
// too, the saved spelling shown back, and an empty field clearing it.
import { afterEach, describe, expect, test } from 'vitest'
import { apiError, API, byText, consoleRoutes, render, type Routes, settings, tick, type, until } from './testing.ts'
import { typedSiteUrl } from './views/SiteUrl.tsx'

let view: ReturnType<typeof render> | undefined
afterEach(() => view?.cleanup())

const lowered = (body: { siteUrl: string | null }) => ({ ...settings, siteUrl: body.siteUrl && new URL(body.siteUrl).origin })
const open = async (over: Routes = {}) => {
  view = render(consoleRoutes({ [`PATCH ${API}/program/settings`]: ({ body }: { body: unknown }) => lowered(body as { siteUrl: string | null }), ...over }))
  byText(view.root, '[role=tab]', 'Partners').click()
  await until(() => expect(view!.$('#site-url')).not.toBeNull())
  return view
}
const input = () => view!.$<HTMLInputElement>('#site-url')!
const save = () => input().closest('form')!.dispatchEvent(new Event('submit', { cancelable: true }))
const patches = () => view!.calls.filter((c) => c.method === 'PATCH' && c.path === `${API}/program/settings`)
const errorOf = () => view!.$('#site-url-e')?.textContent

describe("the program's site URL", () => {
  test('shows the saved URL and the host partners may link to', async () => {
    const v = await open({ [`GET ${API}/program/settings`]: { ...settings, siteUrl: 'https://www.acme.example/shop' } })
    expect(v.root.querySelector('label[for="site-url"]')!.textContent).toBe('Site URL')
    expect(input().value).toBe('https://www.acme.example/shop')
    expect(v.text()).toContain('Partners may link to pages on acme.example and its subdomains, and nowhere else.')
    expect(v.$('[data-unset]')).toBeNull()
  })

  test('unset, says what partners are missing; saving sends it and shows the spelling the server kept', async () => {
    const v = await open({ [`GET ${API}/program/settings`]: { ...settings, siteUrl: null } })
    expect(input().value).toBe('')
    expect(v.$('[data-unset]')!.textContent).toContain('partners cannot choose a page')
    type(input(), ' HTTPS://Acme.Example/ ')
    await tick()
    save()
    await until(() => expect(patches().at(-1)?.body).toEqual({ siteUrl: 'HTTPS://Acme.Example/' }))
    await until(() => expect(input().value).toBe('https://acme.example'))
    await until(() => expect(v.text()).toContain('Site URL saved.'))
    expect(v.text()).toContain('Partners may link to pages on acme.example')
    expect(v.$('[data-unset]')).toBeNull()
  })

  test('a plainly wrong address is named beside the field and not sent', async () => {
    await open()
    for (const text of ['acme.example', 'http://acme.example', 'https://acme.example/?ref=x', 'ftp://acme.example']) {
      type(input(), text)
      await tick()
      save()
      await until(() => expect(errorOf()).toBe('Enter an address starting with https://, without ? or #.'))
      expect(input().getAttribute('aria-invalid')).toBe('true')
    }
    expect(patches()).toEqual([])
  })

  test("the server's refusal shows beside the field; an empty field removes the URL", async () => {
    let reply: unknown = apiError(400, 'invalid_request', 'siteUrl: must not hold a user name or password', 'siteUrl')
    await open({ [`PATCH ${API}/program/settings`]: () => reply })
    type(input(), 'https://me:pw@acme.example')
    await tick()
    save()
    await until(() => expect(errorOf()).toBe('must not hold a user name or password'))
    reply = { ...settings, siteUrl: null }
    type(input(), '  ')
    await tick()
    save()
    await until(() => expect(patches().at(-1)?.body).toEqual({ siteUrl: null }))
    await until(() => expect(view!.text()).toContain('Site URL removed.'))
    expect(errorOf()).toBeUndefined()
    expect(view!.$('[data-unset]')).not.toBeNull()
  })

  test('reads what is typed as the API takes it', () => {
    expect(typedSiteUrl('')).toBeNull()
    expect(typedSiteUrl(' https://acme.example/shop ')).toBe('https://acme.example/shop')
    expect(typedSiteUrl('http://localhost:5173')).toBe('http://localhost:5173')
    expect(typedSiteUrl('http://acme.example')).toBe(false)
    expect(typedSiteUrl('https://acme.example#top')).toBe(false)
  })
})
