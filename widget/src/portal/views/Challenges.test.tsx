import { afterEach, describe, expect, test } from 'vitest'
import { apiError, byText, challenge, defaultRoutes, render, type Routes, until } from '../testing.ts'

let view: ReturnType<typeof render> | undefined
afterEach(() => view?.cleanup())

const LIST = [
  challenge('a', { name: 'Ten in November', description: 'Ten sales, a bonus.' }),
  challenge('b', { name: 'Big month', metric: 'revenue', currency: 'USD', target: 1_000_000, progress: 1_250_000, percent: 125, metAt: '2026-11-20T10:00:00.000Z' }),
  challenge('c', { name: 'December clicks', metric: 'clicks', target: 500, progress: 0, percent: 0, status: 'scheduled', startsAt: '2026-12-01T12:00:00.000Z' }),
  challenge('d', { name: 'October sprint', status: 'ended', progress: 3, percent: 30, endsAt: '2026-11-01T12:00:00.000Z' }),
]

function open(over: Routes = {}) {
  view = render(defaultRoutes({ 'GET /v1/portal/challenges': { data: LIST }, ...over }))
  byText(view.root, '[role=tab]', 'Challenges').click()
  return view
}
const item = (id: string) => view!.$(`[data-challenge=${id}]`)!
const bar = (id: string) => item(id).querySelector('[role=progressbar]')!

describe('Challenges', () => {
  test('current and past apart, each with target, reward, dates and progress', async () => {
    const v = open()
    await until(() => expect(v.$$('[data-challenge]')).toHaveLength(4))
    expect(v.$$('h3').map((h) => h.textContent)).toEqual(['Current challenges', 'Past challenges'])
    expect(v.$$('[data-challenge]').map((c) => c.dataset.challenge)).toEqual(['a', 'b', 'c', 'd'])
    expect(item('a').textContent).toContain('Ten sales, a bonus.')
    expect(item('a').querySelector('.stats')!.textContent).toBe('Target: 10 sales · Reward: $500.00')
    // Its window is [Nov 1, Dec 1): the last day that counts is Nov 30
    expect(item('a').textContent).toContain('Ends Nov 30, 2026')
    expect([bar('a').getAttribute('aria-label'), bar('a').getAttribute('aria-valuenow'), bar('a').getAttribute('aria-valuemax'), bar('a').getAttribute('aria-valuetext')]).toEqual([
      'Ten in November',
      '4',
      '10',
      '4 of 10',
    ])
    expect(bar('a').querySelector('i')!.style.width).toBe('40%')
    expect(item('a').textContent).toContain('4 of 10 · 40%')
    expect(item('a').querySelector('.ok')).toBeNull()
  })

  test('revenue in money; a met target with its date and reward, the bar full', async () => {
    open()
    await until(() => expect(item('b')).toBeTruthy())
    expect(item('b').querySelector('.stats')!.textContent).toBe('Target: $10,000.00 in revenue · Reward: $500.00')
    expect(bar('b').getAttribute('aria-valuetext')).toBe('$12,500.00 of $10,000.00')
    expect(bar('b').getAttribute('aria-valuenow')).toBe('1000000')
    expect(bar('b').querySelector('i')!.style.width).toBe('100%')
    expect(item('b').querySelector('.ok')!.textContent).toBe('Target met on Nov 20, 2026: $500.00 earned.')
  })

  test('a met target says what was credited: a bonus a budget stepped down, or held', async () => {
    const earned = (amountMinor: number, status: 'pending' | 'on_hold') => ({ commissionId: 'com_1', amountMinor, currency: 'USD', status })
    open({
      'GET /v1/portal/challenges': {
        data: [
          challenge('cut', { reward: { amountMinor: 20_000, currency: 'USD' }, metAt: '2026-12-05T10:00:00.000Z', earned: earned(10_000, 'pending') }),
          challenge('held', { reward: { amountMinor: 20_000, currency: 'USD' }, metAt: '2026-12-05T10:00:00.000Z', earned: earned(20_000, 'on_hold') }),
        ],
      },
    })
    await until(() => expect(item('held')).toBeTruthy())
    expect(item('cut').querySelector('.stats')!.textContent).toBe('Target: 10 sales · Reward: $200.00')
    expect(item('cut').querySelector('.ok')!.textContent).toBe('Target met on Dec 5, 2026: $100.00 earned.')
    expect(item('held').querySelector('.ok')!.textContent).toBe('Target met on Dec 5, 2026: $200.00, on hold.')
  })

  test('upcoming ones say when they start; past ones whether the target was met', async () => {
    open()
    await until(() => expect(item('d')).toBeTruthy())
    expect(item('c').textContent).toContain('Starts Dec 1, 2026')
    expect(item('c').querySelector('.stats')!.textContent).toBe('Target: 500 clicks · Reward: $500.00')
    expect(item('d').textContent).toContain('Ended Nov 1, 2026')
    expect(item('d').textContent).toContain('Target not met.')
  })

  test('only past ones: their heading comes first', async () => {
    const v = open({ 'GET /v1/portal/challenges': { data: [LIST[3]] } })
    await until(() => expect(v.$$('h3').map((h) => h.textContent)).toEqual(['Past challenges']))
  })

  test('empty, loading and error states', async () => {
    let v = open()
    v.cleanup()
    v = open({ 'GET /v1/portal/challenges': { data: [] } })
    await until(() => expect(v.text()).toContain('No challenges right now.'))
    v.cleanup()
    v = open({ 'GET /v1/portal/challenges': apiError(500, 'internal') })
    expect(v.$('[role=tabpanel] [role=status]')?.textContent).toBe('Loading…')
    await until(() => expect(v.$('[role=tabpanel] [role=alert]')?.textContent).toContain('Something went wrong'))
  })
})
