import { afterEach, describe, expect, test, vi } from 'vitest'
import { apiError, byText, defaultRoutes, render, resource, type Routes, until } from '../testing.ts'

let view: ReturnType<typeof render> | undefined
afterEach(() => {
  view?.cleanup()
  vi.unstubAllGlobals()
})

const LIST = [
  resource(1, { kind: 'logo', title: 'Logo', url: 'https://cdn.acme.example/logo.svg', description: 'On light backgrounds' }),
  resource(2, { kind: 'copy', title: 'Tagline', content: 'Analytics without the guesswork.' }),
  resource(3, { kind: 'terms', title: 'Partner terms', content: 'Be honest.', version: 2, acceptedVersion: 1 }),
  resource(4, { kind: 'brand_guidelines', title: 'Brand book', url: 'https://acme.example/brand.pdf' }),
  resource(5, { kind: 'other', title: 'Landing page', url: 'https://acme.example/partners' }),
]

function open(over: Routes = {}) {
  view = render(defaultRoutes({ 'GET /v1/portal/resources': { data: LIST, nextCursor: null }, ...over }))
  byText(view.root, '[role=tab]', 'Resources').click()
  return view
}
const item = (n: number) => view!.$(`[data-resource=res_${n}]`)!

describe('Resources', () => {
  test('assets and rules apart; images with a download link, other files to open', async () => {
    const v = open()
    await until(() => expect(v.$$('[data-resource]')).toHaveLength(5))
    expect(v.$$('h3').map((h) => h.textContent)).toEqual(['Assets', 'Rules'])
    expect(item(1).querySelector('img')!.getAttribute('alt')).toBe('Logo')
    expect(item(1).textContent).toContain('On light backgrounds')
    const download = item(1).querySelector('a')!
    expect([download.textContent, download.getAttribute('href'), download.hasAttribute('download')]).toEqual(['Download Logo', 'https://cdn.acme.example/logo.svg', true])
    expect(item(5).querySelector('a')!.textContent).toBe('Open Landing page')
    expect(item(5).querySelector('img')).toBeNull()
    expect(item(1).querySelector('.badge')!.textContent).toBe('Logo')
    expect(item(4).querySelector('.badge')!.textContent).toBe('Brand guidelines')
    // Terms: where the partner stands with the current version.
    expect(item(3).querySelector('.sm')!.textContent).toBe('Version 2 · Version 2 was published: read and accept it again.')
    expect(item(4).querySelector('.sm')!.textContent).toBe('Version 1')
  })

  test('copy text goes to the clipboard, and it is said', async () => {
    const writeText = vi.fn(async () => {})
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } })
    const v = open()
    await until(() => expect(item(2)).toBeTruthy())
    expect(item(2).querySelector('.pre')!.textContent).toBe('Analytics without the guesswork.')
    const copy = item(2).querySelector('button')!
    expect(copy.getAttribute('aria-label')).toBe('Copy the text of Tagline')
    copy.click()
    await until(() => expect(v.$('section > [aria-live=polite]')!.textContent).toBe('Text copied to the clipboard.'))
    expect(writeText).toHaveBeenCalledWith('Analytics without the guesswork.')
  })

  test('rules are read in place; terms can be accepted there', async () => {
    const v = open({
      'GET /v1/portal/resources/res_3': { ...LIST[2]!, readAt: '2026-11-01T00:00:00.000Z' },
      'POST /v1/portal/onboarding/accept-terms': { partnerId: 'prt_1', status: 'active', checklistGroupId: null, steps: [], doneCount: 0, total: 0, percent: 0, complete: false },
    })
    await until(() => expect(item(3)).toBeTruthy())
    item(3).querySelector('button')!.click()
    await until(() => expect(item(3).querySelector('.doc .pre')?.textContent).toBe('Be honest.'))
    byText(item(3), 'button', 'I accept these terms').click()
    await until(() => expect(item(3).querySelector('.sm')!.textContent).toBe('Version 2 · Accepted (version 2)'))
    expect(v.calls.at(-1)).toMatchObject({ path: '/v1/portal/onboarding/accept-terms', body: { resourceId: 'res_3', version: 2 } })
    // Hide closes it again.
    byText(item(3), 'button', 'Hide Partner terms').click()
    await until(() => expect(item(3).querySelector('.doc')).toBeNull())
  })

  test('a document that cannot be opened says so', async () => {
    open({ 'GET /v1/portal/resources/res_4': apiError(404, 'not_found', 'Resource res_4 not found') })
    await until(() => expect(item(4)).toBeTruthy())
    item(4).querySelector('button')!.click()
    await until(() => expect(item(4).querySelector('[role=alert]')?.textContent).toBe('Resource res_4 not found'))
  })

  test('empty, loading and error states', async () => {
    let v = open({ 'GET /v1/portal/resources': { data: [], nextCursor: null } })
    await until(() => expect(v.text()).toContain('No resources yet.'))
    v.cleanup()
    v = open({ 'GET /v1/portal/resources': apiError(500, 'internal') })
    expect(v.$('[role=tabpanel] [role=status]')?.textContent).toBe('Loading…')
    await until(() => expect(v.$('[role=tabpanel] [role=alert]')?.textContent).toContain('Something went wrong'))
  })
})
