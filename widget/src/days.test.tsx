// Calendar days west of UTC: a claim's sale day and a challenge's first and last day are days, not moments,
// so a viewer in Los Angeles sees the same day as one in Berlin (a moment at midnight UTC is the evening
// before there). A challenge's end is exclusive in the API: both widgets show its last day that counts.
// The time zone is set before anything in this file formats a date (the kit caches its formatters).
import { afterAll, afterEach, describe, expect, test } from 'vitest'
const zone = process.env.TZ
process.env.TZ = 'America/Los_Angeles'
afterAll(() => void (zone === undefined ? delete process.env.TZ : (process.env.TZ = zone)))

import * as portal from './portal/testing.ts'
import * as console_ from './console/testing.ts'

let view: { cleanup(): void } | undefined
afterEach(() => view?.cleanup())

describe('calendar days west of UTC', () => {
  test('the zone is set: a midnight-UTC moment is the day before here', () => {
    expect(new Date('2026-11-01T00:00:00.000Z').getDate()).toBe(31)
  })

  test('portal: a claim’s sale day, and a challenge’s start and last day', async () => {
    const claim = { id: 'clm_1', invoiceId: 'inv_1', occurredAt: '2026-10-20T00:00:00.000Z', amountMinor: null, currency: null, customerEmail: null, note: null, status: 'pending' as const, reason: null, commissionId: null, createdAt: '2026-10-21T12:00:00.000Z', decidedAt: null }
    const v = portal.render(
      portal.defaultRoutes({
        'GET /v1/portal/claims': { data: [claim], nextCursor: null },
        'GET /v1/portal/challenges': { data: [portal.challenge('a'), portal.challenge('c', { status: 'scheduled', startsAt: '2026-12-01T00:00:00.000Z', endsAt: '2027-01-01T00:00:00.000Z' })] },
      }),
    )
    view = v
    portal.byText(v.root, '[role=tab]', 'Commissions').click()
    await portal.until(() => expect(v.$$('table').find((t) => t.querySelector('caption')?.textContent === 'Missing a commission?')).toBeTruthy())
    const claims = v.$$('table').find((t) => t.querySelector('caption')?.textContent === 'Missing a commission?')!
    expect(claims.querySelector('tbody td:nth-child(2)')!.textContent).toBe('Oct 20, 2026')
    portal.byText(v.root, '[role=tab]', 'Challenges').click()
    await portal.until(() => expect(v.$('[data-challenge=c]')).toBeTruthy())
    // [Nov 1, Dec 1): its last day is Nov 30, here as in Berlin
    expect(v.$('[data-challenge=a]')!.textContent).toContain('Ends Nov 30, 2026')
    expect(v.$('[data-challenge=c]')!.textContent).toContain('Starts Dec 1, 2026')
  })

  test('a bound at another moment than midnight UTC (a bounty opened at its creation, a deadline at 22:00) is that moment here', async () => {
    const midDay = { status: 'active' as const, startsAt: '2026-12-08T01:00:00.000Z', endsAt: '2026-12-15T06:00:00.000Z' }
    const p = portal.render(portal.defaultRoutes({ 'GET /v1/portal/challenges': { data: [portal.challenge('m', midDay)] } }))
    view = p
    portal.byText(p.root, '[role=tab]', 'Challenges').click()
    await portal.until(() => expect(p.$('[data-challenge=m]')).toBeTruthy())
    // Dec 15, 06:00 UTC is Dec 14, 22:00 here: the partner must not count on Dec 15
    expect(p.$('[data-challenge=m]')!.textContent).toContain('Ends Dec 14, 2026, 10:00 PM')
    p.cleanup()
    const API = console_.API
    const c = console_.render(console_.consoleRoutes({ [`GET ${API}/challenges`]: { data: [{ ...console_.challenge(1), ...midDay }], nextCursor: null } }))
    view = c
    console_.byText(c.root, '[role=tab]', 'Challenges').click()
    await console_.until(() => expect(c.$$('tbody tr').length).toBeGreaterThan(0))
    const when = c.$$('thead th').findIndex((th) => th.textContent === 'When')
    expect(c.$$('tbody tr')[0]!.querySelectorAll('td')[when]!.textContent).toBe('Dec 7, 2026 – Dec 14, 2026, 10:00 PM')
  })

  test('console: a claim’s sale day, and a challenge’s first and last day', async () => {
    const API = console_.API
    const v = console_.render(
      console_.consoleRoutes({
        [`GET ${API}/claims`]: { data: [console_.claim(1)], nextCursor: null },
      }),
    )
    view = v
    console_.byText(v.root, '[role=tab]', 'Claims').click()
    await console_.until(() => expect(v.$('[data-claim=clm_1]')).toBeTruthy())
    expect(v.$('[data-claim=clm_1] .head .mut')!.textContent).toContain('Oct 20, 2026')
    console_.byText(v.root, '[role=tab]', 'Challenges').click()
    await console_.until(() => expect(v.$$('tbody tr').length).toBeGreaterThan(0))
    const when = v.$$('thead th').findIndex((th) => th.textContent === 'When')
    expect(v.$$('tbody tr')[0]!.querySelectorAll('td')[when]!.textContent).toBe('Nov 1, 2026 – Nov 30, 2026')
  })
})
