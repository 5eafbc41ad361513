import type { OnboardingProgress } from '@afflio/sdk/types'
import { afterEach, describe, expect, test } from 'vitest'
import { apiError, byText, defaultRoutes, me, progress, render, resource, type Routes, step, until } from '../testing.ts'

let view: ReturnType<typeof render> | undefined
afterEach(() => view?.cleanup())

const approved = { ...me, partner: { ...me.partner, status: 'approved' as const } }
const TERMS = resource(1, { kind: 'terms', title: 'Partner terms', content: 'Be honest.\nNo spam.', version: 2 })

/** An approved partner: the checklist opens first. */
async function open(ob: OnboardingProgress | (() => unknown), over: Routes = {}) {
  view = render(defaultRoutes({ 'GET /v1/portal/me': approved, 'GET /v1/portal/onboarding': typeof ob === 'function' ? ob : () => ob, ...over }))
  await until(() => expect(view!.$('[role=tab][aria-selected=true]')!.textContent).toBe('Get started'))
  await until(() => expect(view!.$('[role=progressbar]')).not.toBeNull())
  return view
}
const stepEl = (id: string) => view!.$(`[data-step=${id}]`)!

describe('Onboarding', () => {
  test('progress in words, as a percentage and a progress bar; each step done or to do', async () => {
    const v = await open(progress([step('a', { title: 'Join our Slack', done: true }), step('b', { title: 'Say hello', description: 'In #partners' }), step('c', { kind: 'first_sale', title: 'First sale' })]))
    expect(v.text()).toContain('1 of 3 steps done · 33%')
    const bar = v.$('[role=progressbar]')!
    expect([bar.getAttribute('aria-valuenow'), bar.getAttribute('aria-valuemax'), bar.getAttribute('aria-valuetext'), bar.getAttribute('aria-label')]).toEqual(['33', '100', '33%', 'Get started'])
    expect(stepEl('a').textContent).toBe('✓Join our Slack (Done)')
    expect(stepEl('b').querySelector('.sr')!.textContent).toBe(' (To do)')
    expect(stepEl('b').textContent).toContain('In #partners')
    expect(stepEl('c').textContent).toContain('Done with your first sale.')
    expect(stepEl('a').querySelector('button')).toBeNull()
  })

  test('a custom step is marked done by the partner; a failure is said', async () => {
    let reply: unknown = progress([step('a', { done: true })])
    const v = await open(progress([step('a')]), { 'POST /v1/portal/onboarding/steps/a/complete': () => reply })
    const button = stepEl('a').querySelector('button')!
    expect(button.textContent).toBe('Mark as done Step a')
    button.click()
    await until(() => expect(v.text()).toContain('All set: every step is done.'))
    expect(v.calls.at(-1)).toMatchObject({ method: 'POST', path: '/v1/portal/onboarding/steps/a/complete' })
    v.cleanup()
    reply = apiError(404, 'not_found', 'Step a in your checklist not found')
    const again = await open(progress([step('a')]), { 'POST /v1/portal/onboarding/steps/a/complete': () => reply })
    stepEl('a').querySelector('button')!.click()
    await until(() => expect(again.$('[role=tabpanel] [aria-live=polite]')!.textContent).toBe('Step a in your checklist not found'))
  })

  test('terms: read in place, then accepted at the version shown', async () => {
    const before = progress([step('t', { kind: 'accept_terms', title: 'Accept the terms', resourceId: 'res_1', currentVersion: 2 })])
    const after = progress([step('t', { kind: 'accept_terms', title: 'Accept the terms', resourceId: 'res_1', currentVersion: 2, acceptedVersion: 2, done: true })])
    const v = await open(before, {
      'GET /v1/portal/resources/res_1': TERMS,
      'POST /v1/portal/onboarding/accept-terms': after,
    })
    const read = stepEl('t').querySelector('button')!
    expect(read.textContent).toBe('Read Accept the terms')
    expect(read.getAttribute('aria-expanded')).toBe('false')
    read.click()
    await until(() => expect(stepEl('t').querySelector('.doc .pre')?.textContent).toBe('Be honest.\nNo spam.'))
    expect(read.getAttribute('aria-expanded')).toBe('true')
    expect(read.getAttribute('aria-controls')).toBe('doc-res_1')
    byText(stepEl('t'), 'button', 'I accept these terms').click()
    await until(() => expect(stepEl('t').querySelector('.doc .ok')?.textContent).toBe('Accepted (version 2)'))
    expect(v.calls.at(-1)).toMatchObject({ method: 'POST', path: '/v1/portal/onboarding/accept-terms', body: { resourceId: 'res_1', version: 2 } })
    expect(v.text()).toContain('1 of 1 steps done · 100%')
  })

  test('terms changed while reading: 409, the new version is shown to accept', async () => {
    let current = TERMS
    const v = await open(progress([step('t', { kind: 'accept_terms', resourceId: 'res_1', acceptedVersion: 1, currentVersion: 2 })]), {
      'GET /v1/portal/resources/res_1': () => current,
      'POST /v1/portal/onboarding/accept-terms': apiError(409, 'conflict', 'Version 3 of these terms is current', 'version'),
    })
    expect(stepEl('t').textContent).toContain('Version 2 was published: read and accept it again.')
    stepEl('t').querySelector('button')!.click()
    await until(() => expect(stepEl('t').querySelector('.doc .pre')).not.toBeNull())
    current = { ...TERMS, version: 3, content: 'Be honest. Version 3.' }
    byText(stepEl('t'), 'button', 'I accept these terms').click()
    await until(() => expect(stepEl('t').querySelector('.doc [role=alert]')?.textContent).toBe('These terms changed while you were reading. Read the new version.'))
    expect(stepEl('t').querySelector('.doc .pre')!.textContent).toBe('Be honest. Version 3.')
    expect(v.calls.filter((c) => c.path === '/v1/portal/resources/res_1')).toHaveLength(2)
  })

  test('reading a resource completes its step (the checklist is asked again)', async () => {
    let read = false
    const v = await open(() => progress([step('r', { kind: 'read_resource', title: 'Read the guide', resourceId: 'res_2', done: read })]), {
      'GET /v1/portal/resources/res_2': () => ((read = true), resource(2, { kind: 'brand_guidelines', url: 'https://acme.example/brand.pdf' })),
    })
    stepEl('r').querySelector('button')!.click()
    await until(() => expect(v.text()).toContain('All set'))
    const link = stepEl('r').querySelector<HTMLAnchorElement>('.doc a')!
    expect(link.href).toBe('https://acme.example/brand.pdf')
    expect(link.rel).toBe('noopener noreferrer')
  })

  test('steps that complete elsewhere send the partner there', async () => {
    const v = await open(progress([step('p', { kind: 'add_payout_details' }), step('l', { kind: 'share_first_link' })]))
    expect(stepEl('p').textContent).toContain('Done when you save your payout details.')
    byText(stepEl('p'), 'button', 'Open Payouts').click()
    await until(() => expect(v.$('[role=tab][aria-selected=true]')!.textContent).toBe('Payouts'))
    expect(v.root.activeElement!.id).toBe('t-payouts')
    byText(v.root, '[role=tab]', 'Get started').click()
    await until(() => expect(stepEl('l')).toBeTruthy())
    byText(stepEl('l'), 'button', 'Open Links').click()
    await until(() => expect(v.$('[role=tab][aria-selected=true]')!.textContent).toBe('Links'))
  })

  test('loading and error states', async () => {
    view = render(defaultRoutes({ 'GET /v1/portal/onboarding': apiError(500, 'internal') }))
    await until(() => expect(view!.$$('[role=tab]').at(-1)!.textContent).toBe('Get started'))
    view.$$('[role=tab]').at(-1)!.click()
    await until(() => expect(view!.$('[role=tabpanel] [role=alert]')?.textContent).toContain('Something went wrong'))
  })
})
