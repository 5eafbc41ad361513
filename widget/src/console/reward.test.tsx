// The referral reward's editor (views/Reward.tsx) against a fake network: the number is checked against the
// API's bounds and a wrong one named beside its field, never sent; switching the kind never carries a number
// over from another unit.
import { afterEach, describe, expect, test } from 'vitest'
import type { ConsoleOptions } from './mount.tsx'
import { API, byText, choose, consoleRoutes, render, type Routes, settings, tick, type, until } from './testing.ts'

let view: ReturnType<typeof render> | undefined
afterEach(() => view?.cleanup())

const open = async (over: Routes = {}, options: Partial<ConsoleOptions> = {}) => {
  view = render(consoleRoutes({ [`PATCH ${API}/program/settings`]: ({ body }: { body: unknown }) => ({ ...settings, ...(body as object) }), ...over }), options)
  byText(view.root, '[role=tab]', 'Groups').click()
  await until(() => expect(view!.$('#rw-k')).not.toBeNull())
  return view
}
const form = () => view!.$('#rw-k')!.closest('form')!
const save = () => form().dispatchEvent(new Event('submit', { cancelable: true }))
const patches = () => view!.calls.filter((c) => c.method === 'PATCH' && c.path === `${API}/program/settings`)
const number = () => view!.$<HTMLInputElement>('#rw-n')!
const errorOf = () => view!.$('#rw-n-e')?.textContent
/** Types `text`, saves, and answers the message beside the field (none sent). */
const refused = async (text: string) => {
  type(number(), text)
  await tick()
  save()
  await tick()
  await until(() => expect(errorOf()).toBeTruthy())
  expect(number().getAttribute('aria-invalid')).toBe('true')
  return errorOf()
}
const kind = async (k: string) => {
  choose(view!.$<HTMLSelectElement>('#rw-k')!, k)
  await tick()
}

describe('referral reward', () => {
  test('a percentage off is from 1 to 100: below, above or no number is named beside the field, and nothing is sent', async () => {
    await open()
    await kind('percent')
    expect(await refused('0')).toBe('A percentage off is from 1% to 100%.')
    expect(await refused('0.5')).toBe('A percentage off is from 1% to 100%.')
    expect(await refused('150')).toBe('A percentage off is from 1% to 100%.')
    expect(await refused('ten')).toBe('Enter a percentage from 1 to 100, with at most 2 decimals.')
    expect(await refused('12.345')).toBe('Enter a percentage from 1 to 100, with at most 2 decimals.')
    expect(patches()).toEqual([])
    type(number(), '100')
    await tick()
    save()
    await until(() => expect(patches().at(-1)?.body).toMatchObject({ referralReward: { kind: 'percent', percentOffBps: 10_000 } }))
    expect(errorOf()).toBeUndefined()
  })

  test('a percentage is read in the console’s locale', async () => {
    await open({}, { locale: 'de-DE' })
    await kind('percent')
    type(number(), '12,5')
    await tick()
    save()
    await until(() => expect(patches().at(-1)?.body).toMatchObject({ referralReward: { kind: 'percent', percentOffBps: 1250 } }))
  })

  test('an amount off of zero is refused, not sent as 0', async () => {
    await open()
    await kind('amount')
    expect(await refused('0')).toBe('Enter an amount above zero.')
    expect(await refused('0.00')).toBe('Enter an amount above zero.')
    expect(await refused('')).toBe('Enter an amount above zero.')
    expect(await refused('5.001')).toBe('USD has 2 decimals.')
    expect(patches()).toEqual([])
  })

  test('trial days are whole, from 1 to 365: none, a fraction or too many is refused, not sent', async () => {
    await open()
    await kind('trial')
    for (const text of ['', '0', '1.5', 'a week', '400']) expect(await refused(text)).toBe('Enter a whole number of days, from 1 to 365.')
    expect(patches()).toEqual([])
    type(number(), '30')
    await tick()
    save()
    await until(() => expect(patches().at(-1)?.body).toEqual({ referralReward: { kind: 'trial', trialDays: 30, label: null } }))
  })

  test('switching the kind starts the other unit empty: 10 typed as 10% never becomes 10.00 USD; back again, the 10 is back', async () => {
    await open()
    await kind('percent')
    type(number(), '10')
    await tick()
    await kind('amount')
    expect(number().value).toBe('')
    save()
    await until(() => expect(errorOf()).toBe('Enter an amount above zero.'))
    expect(patches()).toEqual([])
    await kind('percent')
    expect(number().value).toBe('10')
    // The error was the other kind's.
    expect(errorOf()).toBeUndefined()
    save()
    await until(() => expect(patches().at(-1)?.body).toMatchObject({ referralReward: { kind: 'percent', percentOffBps: 1000 } }))
  })

  test('the saved reward’s number and coupon stay with its kind, not with another', async () => {
    const reward = { kind: 'amount' as const, amountOffMinor: 1500, currency: 'USD', label: '15.00 USD off', labelSet: false, stripeCouponId: 'AFF15' }
    await open({ [`GET ${API}/program/settings`]: { ...settings, referralReward: reward } })
    expect(number().value).toBe('15')
    expect(view!.$<HTMLInputElement>('#rw-c')!.value).toBe('AFF15')
    await kind('percent')
    expect(number().value).toBe('')
    expect(view!.$<HTMLInputElement>('#rw-c')!.value).toBe('')
    // The saved label describes the amount: no hint for a percentage.
    expect(view!.$<HTMLInputElement>('#rw-l')!.placeholder).toBe('')
    await kind('trial')
    expect(number().value).toBe('')
    await kind('amount')
    expect(number().value).toBe('15')
    expect(view!.$<HTMLInputElement>('#rw-c')!.value).toBe('AFF15')
    expect(view!.$<HTMLInputElement>('#rw-l')!.placeholder).toBe('15.00 USD off')
  })
})
