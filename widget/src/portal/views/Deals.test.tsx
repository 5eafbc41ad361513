import { afterEach, describe, expect, test } from 'vitest'
import { apiError, byText, deal, defaultRoutes, me, render, type Routes, until } from '../testing.ts'

let view: ReturnType<typeof render> | undefined
afterEach(() => view?.cleanup())

function open(over: Routes = {}, locale?: string) {
  view = render(defaultRoutes({ 'GET /v1/portal/deals': { data: [deal(2, { status: 'rejected', reason: 'Already a customer' }), deal(1, { status: 'won', estimatedValueMinor: null, currency: null })], nextCursor: null }, ...over }), locale ? { locale } : {})
  byText(view.root, '[role=tab]', 'Deals').click()
  return view
}

const type = (id: string, value: string) => {
  const input = view!.$<HTMLInputElement>(`#deal-${id}`)!
  input.value = value
  input.dispatchEvent(new Event('input'))
}
const submit = () => view!.$('form')!.dispatchEvent(new Event('submit', { cancelable: true }))
const error = (id: string) => view!.$(`#deal-${id}-e`)?.textContent
const fill = () => {
  type('company', ' Initech ')
  type('contactName', 'Bill Lumbergh')
  type('contactEmail', 'bill@initech.com')
}

describe('Deals', () => {
  test('each deal with its prospect, value and status (and the program’s reason)', async () => {
    const v = open()
    await until(() => expect(v.$$('tbody tr')).toHaveLength(2))
    expect(v.$$('tbody tr')[0]!.querySelectorAll('td')[0]!.textContent).toBe('Oct 25, 2026')
    expect(v.$$('tbody tr')[0]!.querySelectorAll('td')[1]!.textContent).toBe('Globex 2Hank Scorpio · hank2@globex.com')
    expect(v.$$('tbody tr')[0]!.querySelectorAll('td')[2]!.textContent).toBe('$12,000.00')
    expect(v.$$('tbody tr')[0]!.querySelectorAll('td')[3]!.textContent).toBe('RejectedAlready a customer')
    expect(v.$$('tbody tr')[1]!.querySelectorAll('td')[2]!.textContent).toBe('–')
    expect(v.$$('tbody .badge').map((b) => b.className)).toEqual(['badge b-rejected', 'badge b-won'])
  })

  test('the form checks its fields before sending', async () => {
    const v = open()
    await until(() => expect(v.$('#deal-company')).not.toBeNull())
    expect(v.root.querySelector('label[for=deal-estimatedValueMinor]')!.textContent).toBe('Estimated value in USD (optional)')
    submit()
    await until(() => expect(error('company')).toBe('This is required.'))
    expect(error('contactName')).toBe('This is required.')
    expect(error('contactEmail')).toBe('This is required.')
    expect(v.$('#deal-company')!.getAttribute('aria-invalid')).toBe('true')
    fill()
    type('contactEmail', 'bill@')
    type('companyDomain', 'not a domain')
    type('estimatedValueMinor', '-5')
    submit()
    await until(() => expect(error('contactEmail')).toBe('Enter a valid email address.'))
    expect(error('company')).toBeUndefined()
    expect(error('companyDomain')).toBe('Enter a domain (acme.com) or a web address.')
    expect(error('estimatedValueMinor')).toBe('Enter an amount of 0 or more.')
    expect(v.calls.filter((c) => c.method === 'POST')).toHaveLength(0)
  })

  test('a registered deal: sent in minor units of the program’s currency, listed first, the form emptied', async () => {
    const v = open({ 'GET /v1/portal/me': { ...me, program: { ...me.program, currency: 'JPY' } }, 'POST /v1/portal/deals': ({ body }) => deal(3, { ...(body as object), status: 'pending' }) })
    await until(() => expect(v.$$('tbody tr')).toHaveLength(2))
    await until(() => expect(v.root.querySelector('label[for=deal-estimatedValueMinor]')!.textContent).toBe('Estimated value in JPY (optional)'))
    fill()
    type('companyDomain', 'https://initech.com/about')
    type('estimatedValueMinor', '150000')
    v.$<HTMLTextAreaElement>('#deal-notes')!.value = 'Met at a conference'
    v.$('#deal-notes')!.dispatchEvent(new Event('input'))
    submit()
    await until(() => expect(v.$$('tbody tr')).toHaveLength(3))
    expect(v.calls.at(-1)).toMatchObject({
      method: 'POST',
      path: '/v1/portal/deals',
      body: { company: 'Initech', contactName: 'Bill Lumbergh', contactEmail: 'bill@initech.com', companyDomain: 'https://initech.com/about', estimatedValueMinor: 150000, currency: 'JPY', notes: 'Met at a conference' },
    })
    expect(v.$$('tbody tr')[0]!.textContent).toContain('Initech')
    expect(v.$('form [role=status]')!.textContent).toBe('Deal registered. The program will review it.')
    expect(v.$<HTMLInputElement>('#deal-company')!.value).toBe('')
  })

  test('two-decimal currencies are sent in cents', async () => {
    const v = open({ 'POST /v1/portal/deals': ({ body }) => deal(3, body as object) })
    await until(() => expect(v.$('#deal-company')).not.toBeNull())
    fill()
    type('estimatedValueMinor', '1200.5')
    submit()
    await until(() => expect(v.calls.at(-1)!.method).toBe('POST'))
    expect(v.calls.at(-1)!.body).toMatchObject({ estimatedValueMinor: 120050, currency: 'USD' })
  })

  test('the value is read as every money field reads it: never rounded, thousands as the portal shows them', async () => {
    const v = open({ 'POST /v1/portal/deals': ({ body }) => deal(3, body as object) })
    await until(() => expect(v.$('#deal-company')).not.toBeNull())
    expect(v.$<HTMLInputElement>('#deal-estimatedValueMinor')!.type).toBe('text')
    fill()
    // More decimals than the currency has: refused, saying why (it was rounded to 1001 cents)
    type('estimatedValueMinor', '10.005')
    submit()
    await until(() => expect(error('estimatedValueMinor')).toBe('USD has 2 decimals.'))
    // A number in exponent notation is no amount a person types
    type('estimatedValueMinor', '1e3')
    submit()
    await until(() => expect(error('estimatedValueMinor')).toBe('Enter an amount of 0 or more.'))
    expect(v.calls.filter((c) => c.method === 'POST')).toHaveLength(0)
    type('estimatedValueMinor', '$1,200.50')
    submit()
    await until(() => expect(v.calls.at(-1)!.method).toBe('POST'))
    expect(v.calls.at(-1)!.body).toMatchObject({ estimatedValueMinor: 120050, currency: 'USD' })
  })

  test('the value is read in the portal’s locale, as it shows amounts: "1.200,50" in de-DE', async () => {
    const v = open({ 'GET /v1/portal/me': { ...me, program: { ...me.program, currency: 'EUR' } }, 'POST /v1/portal/deals': ({ body }) => deal(3, body as object) }, 'de-DE')
    await until(() => expect(v.$('#deal-company')).not.toBeNull())
    fill()
    type('estimatedValueMinor', '1.200,50 €')
    submit()
    await until(() => expect(v.calls.at(-1)!.method).toBe('POST'))
    expect(v.calls.at(-1)!.body).toMatchObject({ estimatedValueMinor: 120_050, currency: 'EUR' })
  })

  test('a currency without decimals says so', async () => {
    const v = open({ 'GET /v1/portal/me': { ...me, program: { ...me.program, currency: 'JPY' } } })
    await until(() => expect(v.root.querySelector('label[for=deal-estimatedValueMinor]')!.textContent).toBe('Estimated value in JPY (optional)'))
    fill()
    type('estimatedValueMinor', '1500.5')
    submit()
    await until(() => expect(error('estimatedValueMinor')).toBe('JPY has no decimals.'))
    expect(v.calls.filter((c) => c.method === 'POST')).toHaveLength(0)
  })

  test('a duplicate (409) is shown on the field that matched; other server errors on theirs', async () => {
    let reply = apiError(409, 'conflict', 'This prospect is already registered in the program by another partner: the domain matches', 'companyDomain')
    const v = open({ 'POST /v1/portal/deals': () => reply })
    await until(() => expect(v.$('#deal-company')).not.toBeNull())
    fill()
    type('companyDomain', 'initech.com')
    submit()
    await until(() => expect(error('companyDomain')).toBe('This prospect is already registered, by you or another partner.'))
    expect(v.$('#deal-companyDomain')!.getAttribute('aria-invalid')).toBe('true')

    reply = apiError(409, 'conflict', 'Already registered')
    submit()
    await until(() => expect(v.$('form [role=status]')!.textContent).toBe('This prospect is already registered, by you or another partner.'))
    expect(error('companyDomain')).toBeUndefined()

    reply = apiError(400, 'invalid_request', 'contactEmail: Invalid email address', 'contactEmail')
    submit()
    await until(() => expect(error('contactEmail')).toBe('Invalid email address'))
  })

  test('empty, loading and error states', async () => {
    let v = open({ 'GET /v1/portal/deals': { data: [], nextCursor: null } })
    await until(() => expect(v.text()).toContain('No deals yet.'))
    v.cleanup()
    v = open({ 'GET /v1/portal/deals': apiError(500, 'internal') })
    expect(v.$('[role=tabpanel] [role=status]')?.textContent).toBe('Loading…')
    await until(() => expect(v.$('[role=tabpanel] [role=alert]')?.textContent).toContain('Something went wrong'))
    // The form is there even when the list failed.
    expect(v.$('#deal-company')).not.toBeNull()
  })
})
