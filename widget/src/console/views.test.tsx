// The console's write-heavy views against a fake network: segments (condition builder, preview,
// save), rules with tiers, groups, messages, challenges, recruitment settings, onboarding (resources,
// checklist) and the partners' set-tier bulk action.
import type { Resource } from '@afflio/sdk/types'
import { afterEach, describe, expect, test } from 'vitest'
import { API, apiError, application, byText, challenge, choose, claim, consoleRoutes, group, render, type Routes, rule, run, segment, settings, tick, type, until } from './testing.ts'

let view: ReturnType<typeof render> | undefined
afterEach(() => view?.cleanup())

const open = async (tab: string, routes: Routes = consoleRoutes()) => {
  view = render(routes)
  byText(view.root, '[role=tab]', tab).click()
  await tick()
  return view
}
const submit = (form: Element) => form.dispatchEvent(new Event('submit', { cancelable: true }))
const last = (path: string) => view!.calls.filter((c) => c.path === `${API}${path}`).at(-1)

describe('segments', () => {
  test('the list describes each definition with its live count; the builder previews, then saves', async () => {
    await open(
      'Segments',
      consoleRoutes({
        [`GET ${API}/segments`]: { data: [segment(1, { name: 'Dormant', definition: { conditions: [{ type: 'lastClickOlderThanDays', days: 30 }, { type: 'group', in: ['grp_1'] }] } })], nextCursor: null },
        [`POST ${API}/segments/preview`]: { count: 1, sample: [{ id: 'prt_7', name: 'Ada', email: 'ada@x.test' }] },
        [`POST ${API}/segments`]: ({ body }: { body: unknown }) => ({ ...segment(2), ...(body as object), count: 1 }),
      }),
    )
    await until(() => expect(view!.$('tbody tr')?.textContent).toContain('no click in 30 days and group Gold'))
    expect(view!.$('[data-count=seg_1]')!.textContent).toBe('4')

    const form = view!.$('form')!
    submit(form)
    await until(() => expect(view!.$('#sg-n-e')?.textContent).toBe('Required.'))
    type(view!.$<HTMLInputElement>('#sg-n')!, 'Top sellers')
    // Condition 1: sales at least 3 in the last 90 days; condition 2: country DE or AT.
    choose(view!.$<HTMLSelectElement>('#sc-t0')!, 'salesAtLeast')
    await tick()
    type(view!.$<HTMLInputElement>('#sc-a0')!, '3')
    choose(view!.$<HTMLSelectElement>('#sc-p0')!, 'last_90_days')
    byText(view!.root, 'button', 'Add a condition').click()
    await tick()
    choose(view!.$<HTMLSelectElement>('#sc-t1')!, 'country')
    await tick()
    // An incomplete condition is named, nothing is sent.
    byText(view!.root, 'button', 'Preview count').click()
    await until(() => expect(view!.$('#sc-t1-e')?.textContent).toBe('Fill in this condition.'))
    expect(last('/segments/preview')).toBeUndefined()
    type(view!.$<HTMLInputElement>('#sc-a1')!, 'de, at')
    await tick()
    byText(view!.root, 'button', 'Preview count').click()
    await until(() => expect(view!.text()).toContain('1 partner matches now. For example: Ada.'))
    const definition = { conditions: [{ type: 'salesAtLeast', count: 3, period: 'last_90_days' }, { type: 'country', in: ['de', 'at'] }] }
    expect(last('/segments/preview')!.body).toEqual({ definition })
    submit(form)
    await until(() => expect(view!.text()).toContain('Segment Top sellers saved: 1 partner.'))
    expect(view!.calls.find((c) => c.method === 'POST' && c.path === `${API}/segments`)!.body).toEqual({ name: 'Top sellers', definition })
    await until(() => expect(view!.$$('tbody tr')).toHaveLength(2))
  })

  test('removing a condition takes its error away: the conditions below move up without inheriting it', async () => {
    await open('Segments')
    await until(() => expect(view!.$('#sc-t0')).not.toBeNull())
    byText(view!.root, 'button', 'Add a condition').click()
    await tick()
    choose(view!.$<HTMLSelectElement>('#sc-t0')!, 'salesAtLeast')
    await tick()
    byText(view!.root, 'button', 'Preview count').click()
    await until(() => expect(view!.$('#sc-t0-e')?.textContent).toBe('Fill in this condition.'))
    view!.$<HTMLButtonElement>('[aria-label="Remove condition 1"]')!.click()
    await tick()
    // The status condition, complete, is now the first
    expect(view!.$<HTMLSelectElement>('#sc-t0')!.value).toBe('status')
    expect(view!.$('#sc-t0-e')?.textContent ?? '').toBe('')
  })

  test('“any of these” puts the conditions in `any`; “Show partners” filters the partner list by the segment', async () => {
    await open('Segments', consoleRoutes({ [`POST ${API}/segments/preview`]: { count: 0, sample: [] } }))
    await until(() => expect(view!.$('fieldset select')).not.toBeNull())
    choose(view!.$<HTMLSelectElement>('legend select')!, 'any')
    byText(view!.root, 'button', 'Add a condition').click()
    await tick()
    choose(view!.$<HTMLSelectElement>('#sc-a1')!, 'suspended')
    await tick()
    byText(view!.root, 'button', 'Preview count').click()
    await until(() => expect(view!.text()).toContain('0 partners match now.'))
    expect(last('/segments/preview')!.body).toEqual({ definition: { conditions: [], any: [{ type: 'status', in: ['active'] }, { type: 'status', in: ['suspended'] }] } })
    await until(() => expect(view!.$('tbody tr')).not.toBeNull())
    byText(view!.root, 'button', 'Show partners').click()
    await until(() => expect(view!.$('[aria-selected=true]')!.textContent).toBe('Partners'))
    await until(() => expect(last('/partners')!.query).toBe('?segmentId=seg_1&limit=50'))
    // The store asks for the list while the Partners view's code is still loading (kit/lazy.tsx).
    await until(() => expect(view!.$<HTMLSelectElement>('#pf-seg')!.value).toBe('seg_1'))
  })
})

describe('rules', () => {
  test('rules with their tiers; a new tiered rule in the program’s units; archive asks first', async () => {
    await open(
      'Tiers & rules',
      consoleRoutes({
        [`GET ${API}/rules`]: {
          data: [rule({ name: 'Gold tiers', groupId: 'grp_1', tiers: [{ name: 'Gold', from: 10, value: 3000 }], tierMetric: 'sales', tierPeriod: 'month' })],
          nextCursor: null,
        },
        [`POST ${API}/rules`]: ({ body }: { body: unknown }) => rule({ id: 'rul_2', ...(body as object) }),
        [`DELETE ${API}/rules/rul_1`]: rule({ name: 'Gold tiers' }),
      }),
    )
    await until(() => expect(view!.$('article.item')?.textContent).toContain('25% of each sale'))
    const item = view!.$('article.item')!.textContent
    expect(item).toContain('Group Gold')
    expect(item).toContain('Tiers by sales, per month:')
    expect(item).toContain('Gold: from 10 sales, 30%')

    type(view!.$<HTMLInputElement>('#ru-n')!, 'Volume')
    type(view!.$<HTMLInputElement>('#ru-v')!, '12.5')
    byText(view!.root, 'button', 'Add a tier').click()
    await tick()
    choose(view!.$<HTMLSelectElement>('#ru-m')!, 'revenue')
    type(view!.$<HTMLInputElement>('#ti-n0')!, 'Silver')
    type(view!.$<HTMLInputElement>('#ti-f0')!, '1000')
    type(view!.$<HTMLInputElement>('#ti-v0')!, '15')
    choose(view!.$<HTMLSelectElement>('#ru-g')!, 'grp_2')
    await tick()
    submit(view!.$$('form').at(-1)!)
    await until(() => expect(view!.text()).toContain('Rule Volume created.'))
    expect(last('/rules')!.body).toEqual({
      name: 'Volume',
      event: 'sale',
      type: 'percent',
      value: 1250,
      groupId: 'grp_2',
      recurring: 'none',
      tiers: [{ name: 'Silver', from: 100_000, value: 1500 }],
      tierMetric: 'revenue',
      tierPeriod: 'lifetime',
    })
    await until(() => expect(view!.$$('article.item')).toHaveLength(2))

    byText(view!.$('article.item')!, 'button', 'Archive').click()
    await tick()
    expect(view!.$('article.item')!.textContent).toContain('Archive Gold tiers?')
    byText(view!.$('article.item')!, 'button', 'Yes').click()
    await until(() => expect(view!.$$('article.item')).toHaveLength(1))
    expect(view!.text()).toContain('Rule Gold tiers archived.')
  })

  test('Edit opens the rule prefilled; saving sends the form as the next version; Versions lists each with its terms', async () => {
    const v1 = rule({ tiers: [{ name: 'Gold', from: 10, value: 3000 }], tierMetric: 'sales', tierPeriod: 'month' })
    await open(
      'Tiers & rules',
      consoleRoutes({
        [`GET ${API}/rules`]: { data: [v1], nextCursor: null },
        [`PATCH ${API}/rules/rul_1`]: ({ body }: { body: unknown }) => rule({ ...(body as object), version: 2 }),
        [`GET ${API}/rules/rul_1/versions`]: {
          data: [
            { ...rule({ value: 2750, version: 2 }), ruleId: 'rul_1', createdAt: '2026-11-02T00:00:00.000Z', supersededAt: null },
            { ...rule(), ruleId: 'rul_1', createdAt: '2026-10-01T00:00:00.000Z', supersededAt: '2026-11-02T00:00:00.000Z' },
          ],
          nextCursor: null,
        },
      }),
    )
    await until(() => expect(view!.$('article.item h4')?.textContent).toBe('Pro plan v1'))
    byText(view!.$('article.item')!, 'button', 'Edit').click()
    await until(() => expect(view!.$<HTMLInputElement>('#re-n')?.value).toBe('Pro plan'))
    expect(view!.$<HTMLInputElement>('#re-v')!.value).toBe('25')
    expect(view!.$<HTMLSelectElement>('#re-e')!.disabled).toBe(true)
    expect(view!.$<HTMLInputElement>('#te-v0')!.value).toBe('30')
    expect(view!.$<HTMLInputElement>('#ru-n')!.value).toBe('') // the new rule's form stays beside it

    type(view!.$<HTMLInputElement>('#re-v')!, 'lots')
    await tick()
    submit(view!.$('article.item form')!)
    await until(() => expect(view!.$('#re-v-e')?.textContent).toBe('Enter a percentage from 0 to 100.'))
    type(view!.$<HTMLInputElement>('#re-v')!, '27.5')
    await tick()
    expect(view!.$('#re-v-e')).toBeNull() // the error goes once the field is edited
    submit(view!.$('article.item form')!)
    await until(() => expect(view!.$('article.item h4')?.textContent).toBe('Pro plan v2'))
    expect(last('/rules/rul_1')).toMatchObject({ method: 'PATCH' })
    expect(last('/rules/rul_1')!.body).toEqual({
      name: 'Pro plan',
      type: 'percent',
      value: 2750,
      groupId: null,
      productId: null,
      recurring: 'none',
      tiers: [{ name: 'Gold', from: 10, value: 3000 }],
      tierMetric: 'sales',
      tierPeriod: 'month',
      currency: null,
    })
    expect(view!.$('article.item form')).toBeNull()

    byText(view!.$('article.item')!, 'button', 'Versions').click()
    await until(() => expect(view!.$$('[data-version]').map((li) => li.textContent)).toEqual(['v2 · Pro plan · Nov 2, 2026: 27.5% of each sale', 'v1 · Pro plan · Oct 1, 2026: 25% of each sale']))
  })

  test('a lead rule is flat; bad numbers are caught before sending; the API’s field errors land on the field', async () => {
    await open('Tiers & rules', consoleRoutes({ [`POST ${API}/rules`]: apiError(400, 'invalid_request', 'name: too long', 'name') }))
    await until(() => expect(view!.$('#ru-e')).not.toBeNull())
    choose(view!.$<HTMLSelectElement>('#ru-e')!, 'lead')
    await tick()
    expect(view!.$<HTMLSelectElement>('#ru-t')!.value).toBe('flat')
    expect(view!.root.querySelector('label[for=ru-v]')!.textContent).toBe('Amount (USD)')
    type(view!.$<HTMLInputElement>('#ru-n')!, 'Signup bonus')
    type(view!.$<HTMLInputElement>('#ru-v')!, 'ten')
    await tick()
    submit(view!.$$('form').at(-1)!)
    await until(() => expect(view!.$('#ru-v-e')?.textContent).toBe('Enter an amount.'))
    type(view!.$<HTMLInputElement>('#ru-v')!, '4.999')
    await tick()
    submit(view!.$$('form').at(-1)!)
    await until(() => expect(view!.$('#ru-v-e')?.textContent).toBe('USD has 2 decimals.'))
    expect(last('/rules')?.method).toBe('GET') // nothing sent
    type(view!.$<HTMLInputElement>('#ru-v')!, '5')
    await tick()
    submit(view!.$$('form').at(-1)!)
    await until(() => expect(view!.$('#ru-n-e')?.textContent).toBe('too long'))
    expect(last('/rules')!.body).toMatchObject({ event: 'lead', type: 'flat', value: 500 })
  })

  test('a tier’s problem shows on that tier’s field: the form’s own checks and the API’s (tiers.1.from)', async () => {
    await open(
      'Tiers & rules',
      consoleRoutes({
        [`POST ${API}/rules`]: apiError(400, 'invalid_request', 'tiers.1.from: two tiers start at the same threshold', 'tiers.1.from'),
        [`POST ${API}/rules/backtest`]: apiError(400, 'invalid_request', 'add.tiers.0.value: a percentage is at most 10000 basis points', 'add.tiers.0.value'),
      }),
    )
    await until(() => expect(view!.$('#ru-n')).not.toBeNull())
    type(view!.$<HTMLInputElement>('#ru-n')!, 'Volume')
    type(view!.$<HTMLInputElement>('#ru-v')!, '10')
    byText(view!.root, 'button', 'Add a tier').click()
    byText(view!.root, 'button', 'Add a tier').click()
    await tick()
    // The form's own checks: an empty rate and a rate over 100% on their tiers, nothing sent
    type(view!.$<HTMLInputElement>('#ti-n0')!, 'Silver')
    type(view!.$<HTMLInputElement>('#ti-f0')!, '10')
    type(view!.$<HTMLInputElement>('#ti-n1')!, 'Gold')
    type(view!.$<HTMLInputElement>('#ti-f1')!, 'ten')
    type(view!.$<HTMLInputElement>('#ti-v1')!, '150')
    await tick()
    submit(view!.$$('form').at(-1)!)
    await until(() => expect(view!.$('#ti-v0-e')?.textContent).toBe('Enter a percentage from 0 to 100.'))
    expect(view!.$('#ti-f1-e')!.textContent).toBe('Enter a whole number, 0 or more.')
    expect(view!.$('#ti-v1-e')!.textContent).toBe('Enter a percentage from 0 to 100.')
    expect(view!.$('#ti-n0-e')).toBeNull()
    expect(view!.$<HTMLInputElement>('#ti-v1')!.getAttribute('aria-invalid')).toBe('true')
    expect(view!.calls.filter((c) => c.method === 'POST')).toEqual([])

    // The API's error names the second tier's threshold: it shows there (without the path the message
    // starts with, which means nothing to a manager), not as the form's note
    type(view!.$<HTMLInputElement>('#ti-v0')!, '15')
    type(view!.$<HTMLInputElement>('#ti-f1')!, '10')
    type(view!.$<HTMLInputElement>('#ti-v1')!, '20')
    await tick()
    submit(view!.$$('form').at(-1)!)
    await until(() => expect(view!.$('#ti-f1-e')?.textContent).toBe('two tiers start at the same threshold'))
    expect(view!.$('#ti-f0-e')).toBeNull()
    expect(view!.$$('form').at(-1)!.querySelector('.note')!.textContent).toBe('')

    // A backtest of the proposal names it as `add`: the error lands on the form's field all the same
    byText(view!.root, 'button', 'Test on past sales').click()
    await until(() => expect(view!.$('#ti-v0-e')?.textContent).toBe('a percentage is at most 10000 basis points'))

    // Removing a tier moves the rows below up: errors named by place go with it
    view!.$<HTMLButtonElement>('[aria-label="Remove tier 1"]')!.click()
    await tick()
    expect(view!.$$('[id^=ti-][id$=-e]')).toEqual([])
  })

  test('a field’s error goes when it is edited, and one about a percentage goes when the rule becomes flat', async () => {
    await open('Tiers & rules')
    await until(() => expect(view!.$('#ru-n')).not.toBeNull())
    type(view!.$<HTMLInputElement>('#ru-v')!, '150')
    await tick()
    submit(view!.$$('form').at(-1)!)
    await until(() => expect(view!.$('#ru-n-e')?.textContent).toBe('Required.'))
    expect(view!.$('#ru-v-e')?.textContent).toBe('Enter a percentage from 0 to 100.')
    type(view!.$<HTMLInputElement>('#ru-n')!, 'Launch')
    await tick()
    expect(view!.$('#ru-n-e')).toBeNull()
    expect(view!.$<HTMLInputElement>('#ru-n')!.getAttribute('aria-invalid')).toBe('false')
    choose(view!.$<HTMLSelectElement>('#ru-t')!, 'flat')
    await tick()
    expect(view!.root.querySelector('label[for=ru-v]')!.textContent).toBe('Amount (USD)')
    expect(view!.$('#ru-v-e')).toBeNull()
    // Submitted again with the name cleared, the error is back.
    type(view!.$<HTMLInputElement>('#ru-n')!, '')
    await tick()
    submit(view!.$$('form').at(-1)!)
    await until(() => expect(view!.$('#ru-n-e')?.textContent).toBe('Required.'))
  })

  test('a saved lead rule reads per lead, once per customer: never "Every renewal"', async () => {
    // The API stores a lead rule with recurring: 'forever' (its default), which means nothing for a lead.
    const bounty = rule({ id: 'rul_9', name: 'Signup bounty', event: 'lead', type: 'flat', value: 1000, currency: 'USD', recurring: 'forever' })
    await open('Tiers & rules', consoleRoutes({ [`GET ${API}/rules`]: { data: [bounty, rule({ recurring: 'forever' })], nextCursor: null } }))
    await until(() => expect(view!.$$('article.item')).toHaveLength(2))
    const [lead, sale] = view!.$$('article.item').map((a) => a.querySelector('p')!.textContent)
    expect(lead).toBe('$10.00 per lead · Once per customer')
    expect(sale).toBe('25% of each sale · Every renewal')
  })

  test('no rules: the default commission applies', async () => {
    await open('Tiers & rules', consoleRoutes({ [`GET ${API}/rules`]: { data: [], nextCursor: null } }))
    await until(() => expect(view!.text()).toContain('No rules: every sale pays the program’s default commission.'))
  })
})

describe('groups', () => {
  test('create one; show a group’s partners', async () => {
    await open('Groups', consoleRoutes({ [`POST ${API}/groups`]: ({ body }: { body: unknown }) => group(3, (body as { name: string }).name) }))
    await until(() => expect(view!.$$('tbody tr')).toHaveLength(2))
    submit(view!.$('form')!)
    await until(() => expect(view!.$('#gr-n-e')?.textContent).toBe('Give the group a name.'))
    type(view!.$<HTMLInputElement>('#gr-n')!, 'Agencies')
    await tick()
    submit(view!.$('form')!)
    await until(() => expect(view!.$$('tbody tr').map((r) => r.firstElementChild!.textContent)).toEqual(['Agencies', 'Gold', 'Silver']))
    expect(view!.text()).toContain('Group Agencies created.')
    byText(view!.$$('tbody tr')[1]!, 'button', 'Show partners').click()
    await until(() => expect(last('/partners')?.query).toBe('?groupId=grp_1&limit=50'))
  })

  test('with Stripe connected, the saved discount reward gets its Stripe coupon; the id shows, a refusal in the form’s note', async () => {
    const reward = { kind: 'percent' as const, percentOffBps: 2000, label: '20% off', labelSet: false, stripeCouponId: null }
    let couponReply: unknown = apiError(409, 'conflict', 'Stripe refused the coupon: Invalid API Key provided', 'stripeApiKey')
    await open(
      'Groups',
      consoleRoutes({
        [`GET ${API}/program/settings`]: { ...settings, stripeApiKeySet: true, referralReward: reward },
        [`GET ${API}/groups`]: { data: [{ ...group(1, 'Gold'), referralReward: { kind: 'amount', amountOffMinor: 1500, currency: 'USD', label: '15.00 USD off', labelSet: false, stripeCouponId: null } }, group(2, 'Silver')], nextCursor: null },
        [`POST ${API}/rewards/stripe-coupon`]: () => couponReply,
      }),
    )
    const form = await until(() => view!.$('#rw-k')!.closest('form')!)
    const make = () => byText(form, 'button', 'Create Stripe coupon')
    make().click()
    await until(() => expect(form.querySelector('[role=status]')!.className).toContain('err'))
    expect(form.querySelector('[role=status]')!.textContent).toBe('Stripe refused the coupon: Invalid API Key provided')
    expect(last('/rewards/stripe-coupon')!.body).toEqual({})

    couponReply = { ...reward, stripeCouponId: 'AFF20' }
    make().click()
    await until(() => expect(form.querySelector('[role=status]')!.textContent).toBe('Stripe coupon AFF20 created: checkout applies it to this reward.'))
    expect(view!.$<HTMLInputElement>('#rw-c')!.value).toBe('AFF20')
    // An unsaved change: the coupon would be the saved reward's, so the button waits for the save.
    type(view!.$<HTMLInputElement>('#rw-n')!, '25')
    await tick()
    expect(form.textContent).not.toContain('Create Stripe coupon')

    // A group's own reward: its coupon is asked for by group.
    couponReply = { kind: 'amount', amountOffMinor: 1500, currency: 'USD', label: '15.00 USD off', labelSet: false, stripeCouponId: 'AFF15' }
    const gold = view!.$$('tbody tr')[0]!
    byText(gold, 'button', 'Reward').click()
    await tick()
    byText(gold, 'button', 'Create Stripe coupon').click()
    await until(() => expect(view!.$<HTMLInputElement>('#rw-grp_1-c')!.value).toBe('AFF15'))
    expect(last('/rewards/stripe-coupon')!.body).toEqual({ groupId: 'grp_1' })
  })

  test('an amount off is read as typed, thousands and all; one with too many decimals is refused, not sent', async () => {
    await open('Groups', consoleRoutes({ [`PATCH ${API}/program/settings`]: ({ body }: { body: unknown }) => ({ ...settings, ...(body as object) }) }))
    await until(() => expect(view!.$('#rw-k')).not.toBeNull())
    choose(view!.$<HTMLSelectElement>('#rw-k')!, 'amount')
    await tick()
    type(view!.$<HTMLInputElement>('#rw-n')!, '19.999')
    await tick()
    const form = view!.$('#rw-k')!.closest('form')!
    submit(form)
    await until(() => expect(view!.$('#rw-n-e')?.textContent).toBe('USD has 2 decimals.'))
    expect(view!.$('#rw-n')!.getAttribute('aria-invalid')).toBe('true')
    expect(last('/program/settings')?.method).not.toBe('PATCH')
    type(view!.$<HTMLInputElement>('#rw-n')!, '1,000')
    await tick()
    submit(form)
    await until(() => expect(last('/program/settings')?.body).toMatchObject({ referralReward: { kind: 'amount', amountOffMinor: 100_000, currency: 'USD' } }))
    expect(view!.$('#rw-n-e')).toBeNull()
  })

  test('without Stripe connected, or for a trial, there is no coupon to create', async () => {
    await open('Groups', consoleRoutes({ [`GET ${API}/program/settings`]: { ...settings, referralReward: { kind: 'percent', percentOffBps: 2000, label: '20% off', labelSet: false, stripeCouponId: null } } }))
    await until(() => expect(view!.$('#rw-k')).not.toBeNull())
    expect(view!.text()).not.toContain('Create Stripe coupon')
    view!.cleanup()
    await open('Groups', consoleRoutes({ [`GET ${API}/program/settings`]: { ...settings, stripeApiKeySet: true, referralReward: { kind: 'trial', trialDays: 30, label: '30 days free', labelSet: false, stripeCouponId: null } } }))
    await until(() => expect(view!.$('#rw-k')).not.toBeNull())
    expect(view!.text()).not.toContain('Create Stripe coupon')
  })

  test('empty and failed', async () => {
    let reply: unknown = apiError(500, 'internal')
    await open('Groups', consoleRoutes({ [`GET ${API}/groups`]: () => reply }))
    await until(() => expect(view!.$('[role=alert]')?.textContent).toContain('Something went wrong'))
    reply = { data: [], nextCursor: null }
    byText(view!.root, 'button', 'Try again').click()
    await until(() => expect(view!.text()).toContain('No groups yet.'))
  })
})

describe('messages', () => {
  test('threads with unread counts; open one, read it, reply', async () => {
    const msg = (id: string, sender: 'partner' | 'program', body: string) => ({ id, partnerId: 'prt_1', sender, senderName: sender === 'program' ? 'Dana' : null, kind: 'message', subject: null, body, createdAt: '2026-11-01T12:00:00.000Z' })
    await open(
      'Messages',
      consoleRoutes({
        [`GET ${API}/threads/prt_1/messages`]: { data: [msg('m2', 'partner', 'Any news?'), msg('m1', 'program', 'Welcome!')], nextCursor: null, thread: { id: 'thr_1', partner: { id: 'prt_1', email: 'p1@example.com', name: 'Partner 1' }, unreadCount: 1 } },
        [`POST ${API}/threads/prt_1/read`]: {},
        [`POST ${API}/threads/prt_1/messages`]: ({ body }: { body: unknown }) => msg('m3', 'program', (body as { body: string }).body),
      }),
    )
    await until(() => expect(view!.$$('.threads li')).toHaveLength(2))
    expect(view!.$('.threads .count')!.getAttribute('aria-label')).toBe('1 unread')
    expect(view!.text()).toContain('Pick a conversation.')
    byText(view!.root, '.threads button strong', 'Partner 1').closest('button')!.click()
    await until(() => expect(view!.$$('.msg').map((m) => m.lastChild!.textContent)).toEqual(['Welcome!', 'Any news?']))
    // Each with its time of day, not only its date: a conversation's messages are often of one day
    expect(view!.$('.msg small time')!.getAttribute('datetime')).toBe('2026-11-01T12:00:00.000Z')
    expect(view!.$('.msg small time')!.textContent).toMatch(/^Nov 1, 2026, \d{1,2}:\d{2}\s?[AP]M$/)
    expect(view!.$('.threads button[aria-current=true]')).not.toBeNull()
    await until(() => expect(view!.$('.threads .count')).toBeNull()) // read
    submit(view!.$('[role=tabpanel] form')!)
    await until(() => expect(view!.$('#msg-b-e')?.textContent).toBe('Write a message.'))
    type(view!.$<HTMLTextAreaElement>('#msg-b')!, 'Next week!')
    await tick()
    submit(view!.$('[role=tabpanel] form')!)
    await until(() => expect(view!.$$('.msg.program').at(-1)!.textContent).toContain('Next week!'))
    expect(view!.$<HTMLTextAreaElement>('#msg-b')!.value).toBe('')
  })

  test('a reply typed to one partner stays in that conversation: switching threads never carries it to another partner', async () => {
    const conversation = (n: number) => ({ data: [], nextCursor: null, thread: { id: `thr_${n}`, partner: { id: `prt_${n}`, email: `p${n}@example.com`, name: `Partner ${n}` }, unreadCount: 0 } })
    const sent = (n: number) => ({ body }: { body: unknown }) => ({ id: `m${n}`, partnerId: `prt_${n}`, sender: 'program', senderName: 'Dana', kind: 'message', subject: null, body: (body as { body: string }).body, createdAt: '2026-11-01T12:00:00.000Z' })
    await open(
      'Messages',
      consoleRoutes({
        [`GET ${API}/threads/prt_1/messages`]: conversation(1),
        [`GET ${API}/threads/prt_2/messages`]: conversation(2),
        [`POST ${API}/threads/prt_1/read`]: {},
        [`POST ${API}/threads/prt_2/read`]: {},
        [`POST ${API}/threads/prt_1/messages`]: sent(1),
        [`POST ${API}/threads/prt_2/messages`]: sent(2),
      }),
    )
    const pick = async (name: string) => {
      byText(view!.root, '.threads button strong', name).closest('button')!.click()
      await until(() => expect(view!.$('[role=tabpanel] h3')?.textContent).toBe(`Conversation with ${name}`))
    }
    await until(() => expect(view!.$$('.threads li')).toHaveLength(2))
    await pick('Partner 1')
    type(view!.$<HTMLTextAreaElement>('#msg-b')!, 'Your private code is P1-ONLY')
    await tick()
    await pick('Partner 2')
    expect(view!.$<HTMLTextAreaElement>('#msg-b')!.value).toBe('')
    submit(view!.$('[role=tabpanel] form')!)
    await until(() => expect(view!.$('#msg-b-e')?.textContent).toBe('Write a message.'))
    expect(view!.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/messages'))).toEqual([])
    // Back to the first partner: the draft is still there, and the second one's error is not
    await pick('Partner 1')
    expect(view!.$<HTMLTextAreaElement>('#msg-b')!.value).toBe('Your private code is P1-ONLY')
    expect(view!.$('#msg-b-e')).toBeNull()
    submit(view!.$('[role=tabpanel] form')!)
    await until(() => expect(last('/threads/prt_1/messages')?.body).toEqual({ body: 'Your private code is P1-ONLY' }))
    expect(last('/threads/prt_2/messages')?.method).not.toBe('POST')
  })

  test('no conversations yet', async () => {
    await open('Messages', consoleRoutes({ [`GET ${API}/threads`]: { data: [], nextCursor: null, unreadThreads: 0 } }))
    await until(() => expect(view!.text()).toContain('No conversations yet.'))
  })
})

describe('challenges', () => {
  test('the list, a leaderboard, and a new revenue challenge for a segment', async () => {
    await open(
      'Challenges',
      consoleRoutes({
        [`GET ${API}/challenges/chl_1`]: {
          ...challenge(1),
          participants: 2,
          metCount: 1,
          leaderboard: [
            { partnerId: 'prt_1', partnerName: 'Ada', partnerEmail: 'a@x.test', progress: 12, metAt: '2026-11-20T00:00:00.000Z', commissionId: 'com_1' },
            { partnerId: 'prt_2', partnerName: null, partnerEmail: 'b@x.test', progress: 4, metAt: null, commissionId: null },
          ],
        },
        [`POST ${API}/challenges`]: ({ body }: { body: unknown }) => challenge(2, { ...(body as object), status: 'scheduled' }),
      }),
    )
    await until(() => expect(view!.$('tbody tr')?.textContent).toContain('10 sales'))
    expect(view!.$('tbody tr')!.textContent).toContain('$500.00')
    byText(view!.root, 'button', 'Progress').click()
    await until(() => expect(view!.text()).toContain('2 partners with progress, 1 met the goal.'))
    const bars = view!.$$('[role=progressbar]')
    expect(bars.map((b) => b.getAttribute('aria-valuetext'))).toEqual(['12 / 10', '4 / 10'])

    type(view!.$<HTMLInputElement>('#ch-n')!, 'Big month')
    choose(view!.$<HTMLSelectElement>('#ch-m')!, 'revenue')
    type(view!.$<HTMLInputElement>('#ch-t')!, '5,000')
    type(view!.$<HTMLInputElement>('#ch-r')!, '250.005')
    type(view!.$<HTMLInputElement>('#ch-s')!, '2026-12-01')
    type(view!.$<HTMLInputElement>('#ch-e')!, '2026-11-01')
    choose(view!.$<HTMLSelectElement>('#ch-g')!, 'seg_1')
    await tick()
    submit(view!.$$('form').at(-1)!)
    await until(() => expect(view!.$('#ch-e-e')?.textContent).toBe('End after the start.'))
    expect(view!.$('#ch-r-e')?.textContent).toBe('USD has 2 decimals.')
    type(view!.$<HTMLInputElement>('#ch-e')!, '2027-01-01')
    type(view!.$<HTMLInputElement>('#ch-r')!, '$250')
    await tick()
    submit(view!.$$('form').at(-1)!)
    await until(() => expect(view!.text()).toContain('Challenge Big month created.'))
    expect(last('/challenges')!.body).toEqual({
      name: 'Big month',
      metric: 'revenue',
      target: 500_000,
      currency: 'USD',
      startsAt: '2026-12-01',
      endsAt: '2027-01-01',
      segmentId: 'seg_1',
      reward: { amountMinor: 25_000, currency: 'USD' },
    })
    await until(() => expect(view!.$$('tbody tr').length).toBeGreaterThanOrEqual(2))
  })
})

describe('recruitment', () => {
  const listing = { listed: false, slug: null, name: 'Acme Analytics', description: null, category: null, logoUrl: null, websiteUrl: null, commissionSummary: '20% of each sale', commissionSummaryOverride: null, updatedAt: null }
  const routes = (over: Routes = {}) =>
    consoleRoutes({
      [`GET ${API}/marketplace-listing`]: listing,
      [`GET ${API}/application-form/auto-approve`]: { mode: 'manual', match: 'all', conditions: [] },
      ...over,
    })

  test('the listing saves; a listed program needs a description and a category; the API’s field error lands on the field', async () => {
    let reply: unknown = apiError(400, 'invalid_request', 'slug: already taken', 'slug')
    await open('Recruitment', routes({ [`PUT ${API}/marketplace-listing`]: () => reply }))
    await until(() => expect(view!.$('#rc-s')).not.toBeNull())
    const form = view!.$('#rc-s')!.closest('form')!
    submit(form)
    await until(() => expect(view!.$('#rc-s-e')?.textContent).toBe('Required.'))
    type(view!.$<HTMLInputElement>('#rc-s')!, 'acme')
    view!.$<HTMLInputElement>('#rc-l')!.click()
    await tick()
    submit(form)
    await until(() => expect(view!.$('#rc-c-e')?.textContent).toBe('A listed program needs a description and a category.'))
    type(view!.$<HTMLTextAreaElement>('#rc-d')!, 'Analytics for shops')
    choose(view!.$<HTMLSelectElement>('#rc-c')!, 'saas')
    type(view!.$<HTMLInputElement>('#rc-w')!, 'https://acme.test')
    await tick()
    submit(form)
    await until(() => expect(view!.$('#rc-s-e')?.textContent).toBe('already taken'))
    const body = { listed: true, slug: 'acme', description: 'Analytics for shops', category: 'saas', websiteUrl: 'https://acme.test', logoUrl: null }
    expect(last('/marketplace-listing')!.body).toEqual(body)
    reply = { ...listing, ...body, updatedAt: '2026-11-01T12:00:00.000Z' }
    submit(form)
    await until(() => expect(view!.text()).toContain('Listing saved.'))
    expect(view!.$('#rc-s-e')).toBeNull()
  })

  test('removing a question takes its errors away: the questions below move up without inheriting them', async () => {
    await open('Recruitment', routes())
    await until(() => expect(view!.$('#q-i0')).not.toBeNull())
    const form = view!.$('#q-i0')!.closest('form')!
    const n = view!.$$('[aria-label^="Remove question"]').length
    // Two new questions: the first left empty, the second filled in
    byText(view!.root, 'button', 'Add a question').click()
    byText(view!.root, 'button', 'Add a question').click()
    await tick()
    type(view!.$<HTMLInputElement>(`#q-i${n + 1}`)!, 'audience')
    type(view!.$<HTMLInputElement>(`#q-l${n + 1}`)!, 'Audience size')
    await tick()
    submit(form)
    await until(() => expect(view!.$(`#q-i${n}-e`)?.textContent).toBe('Lower-case letters, digits, _ or -, unique.'))
    view!.$<HTMLButtonElement>(`[aria-label="Remove question ${n + 1}"]`)!.click()
    await tick()
    expect(view!.$<HTMLInputElement>(`#q-i${n}`)!.value).toBe('audience')
    expect(view!.$$('[id^=q-][id$=-e]').filter((e) => e.textContent)).toEqual([])
  })

  test('the form’s questions: add a select, remove one, save; a field error lands on its question', async () => {
    let reply: unknown = apiError(400, 'invalid_request', 'options: too many', 'questions.1.options')
    await open('Recruitment', routes({ [`PUT ${API}/application-form`]: () => reply }))
    await until(() => expect(view!.$('#q-i0')).not.toBeNull())
    expect(view!.$<HTMLInputElement>('#q-l0')!.value).toBe('Your website')
    view!.$('[aria-label="Remove question 2"]')!.click()
    byText(view!.root, 'button', 'Add a question').click()
    await tick()
    const form = view!.$('#q-i0')!.closest('form')!
    submit(form)
    await until(() => expect(view!.$('#q-i1-e')?.textContent).toBe('Lower-case letters, digits, _ or -, unique.'))
    type(view!.$<HTMLInputElement>('#q-i1')!, 'audience')
    type(view!.$<HTMLInputElement>('#q-l1')!, 'Audience size')
    choose(view!.$<HTMLSelectElement>('#q-t1')!, 'select')
    await tick()
    type(view!.$<HTMLTextAreaElement>('#q-o1')!, 'Small\nLarge\n')
    view!.$<HTMLInputElement>('#q-r1')!.click()
    await tick()
    submit(form)
    await until(() => expect(view!.$('#q-o1-e')?.textContent).toBe('options: too many'))
    const body = {
      acceptingApplications: true,
      questions: [
        { id: 'site', label: 'Your website', type: 'url', required: true },
        { id: 'audience', label: 'Audience size', type: 'select', required: true, options: ['Small', 'Large'] },
      ],
    }
    expect(last('/application-form')!.body).toEqual(body)
    reply = body
    submit(form)
    await until(() => expect(view!.text()).toContain('Application form saved.'))
  })

  test('auto-approve by email domain; other errors show in the note', async () => {
    let reply: unknown = apiError(500, 'internal', 'boom')
    await open('Recruitment', routes({ [`PUT ${API}/application-form/auto-approve`]: () => reply }))
    await until(() => expect(view!.$('#rc-m')).not.toBeNull())
    const form = view!.$('#rc-m')!.closest('form')!
    choose(view!.$<HTMLSelectElement>('#rc-m')!, 'conditions')
    await tick()
    submit(form)
    await until(() => expect(view!.$('#rc-dm-e')?.textContent).toBe('Give at least one domain.'))
    type(view!.$<HTMLInputElement>('#rc-dm')!, 'Acme.com, globex.test')
    await tick()
    submit(form)
    await until(() => expect(form.querySelector('.err.note')?.textContent).toBe('boom'))
    const body = { mode: 'conditions', match: 'all', conditions: [{ field: 'email_domain', in: ['acme.com', 'globex.test'] }] }
    expect(last('/application-form/auto-approve')!.body).toEqual(body)
    reply = body
    submit(form)
    await until(() => expect(view!.text()).toContain('Auto-approve saved.'))
  })

  test('a listing that fails to load offers a retry', async () => {
    await open('Recruitment', routes({ [`GET ${API}/marketplace-listing`]: apiError(500, 'internal') }))
    await until(() => expect(view!.$('[role=alert]')?.textContent).toContain('Something went wrong'))
  })
})

describe('onboarding', () => {
  const at = '2026-11-01T12:00:00.000Z'
  const resource = (n: number, over: Partial<Resource> = {}): Resource => ({ id: `res_${n}`, kind: 'terms', title: `Terms ${n}`, description: null, url: null, content: 'Be nice', groupId: null, version: 1, versionAt: at, createdAt: at, updatedAt: at, ...over })
  const routes = (over: Routes = {}) =>
    consoleRoutes({
      [`GET ${API}/resources`]: { data: [resource(1)], nextCursor: null },
      [`GET ${API}/onboarding/checklist`]: { groupId: null, steps: [{ id: 'stp_1', kind: 'add_payout_details', title: 'Payout details', description: null, resourceId: null }], updatedAt: at },
      ...over,
    })

  test('resources: create one for a group, archive one (a conflict is shown)', async () => {
    let archive: unknown = apiError(409, 'conflict', 'A checklist step names this resource.')
    await open(
      'Onboarding',
      routes({
        [`POST ${API}/resources`]: ({ body }: { body: unknown }) => resource(2, body as Partial<Resource>),
        [`DELETE ${API}/resources/res_1`]: () => archive,
      }),
    )
    await until(() => expect(view!.$$('tbody tr')).toHaveLength(1))
    expect(view!.$('tbody tr')!.textContent).toContain('Terms 1')
    const form = view!.$('#rs-t')!.closest('form')!
    type(view!.$<HTMLInputElement>('#rs-t')!, 'Banner 1')
    await tick()
    submit(form)
    await until(() => expect(view!.$('#rs-u-e')?.textContent).toBe('Give a URL or text content.'))
    choose(view!.$<HTMLSelectElement>('#rs-k')!, 'banner')
    type(view!.$<HTMLInputElement>('#rs-u')!, 'https://cdn.test/b.png')
    choose(view!.$<HTMLSelectElement>('#rs-g')!, 'grp_1')
    await tick()
    submit(form)
    await until(() => expect(view!.text()).toContain('Resource Banner 1 added.'))
    expect(last('/resources')!.body).toEqual({ kind: 'banner', title: 'Banner 1', url: 'https://cdn.test/b.png', groupId: 'grp_1' })
    await until(() => expect(view!.$$('tbody tr')).toHaveLength(2))
    expect(view!.$('tbody tr')!.textContent).toContain('Gold')

    const row = view!.$$('tbody tr')[1]!
    byText(row, 'button', 'Archive').click()
    await tick()
    byText(row, 'button', 'Yes').click()
    await until(() => expect(view!.text()).toContain('A checklist step names this resource.'))
    archive = resource(1)
    byText(view!.$$('tbody tr')[1]!, 'button', 'Archive').click()
    await tick()
    byText(view!.$$('tbody tr')[1]!, 'button', 'Yes').click()
    await until(() => expect(view!.$$('tbody tr')).toHaveLength(1))
    expect(view!.text()).toContain('Resource Terms 1 archived.')
  })

  test('the checklist: add an accept-terms step picking the terms, save; a field error lands on the step', async () => {
    let reply: unknown = apiError(400, 'invalid_request', 'resourceId: not a terms document', 'steps.1.resourceId')
    await open('Onboarding', routes({ [`PUT ${API}/onboarding/checklist`]: () => reply, [`GET ${API}/resources`]: { data: [resource(1), resource(3, { kind: 'logo', title: 'Logo' })], nextCursor: null } }))
    await until(() => expect(view!.$('#os-k0')).not.toBeNull())
    expect(view!.$<HTMLInputElement>('#os-t0')!.value).toBe('Payout details')
    byText(view!.root, 'button', 'Add a step').click()
    await tick()
    choose(view!.$<HTMLSelectElement>('#os-k1')!, 'accept_terms')
    await tick()
    const form = view!.$('#os-k0')!.closest('form')!
    type(view!.$<HTMLInputElement>('#os-t1')!, 'Accept the terms')
    await tick()
    submit(form)
    await until(() => expect(view!.$('#os-r1-e')?.textContent).toBe('Pick a resource.'))
    // Only terms documents can be accepted.
    expect([...view!.$<HTMLSelectElement>('#os-r1')!.options].map((o) => o.value)).toEqual(['', 'res_1'])
    choose(view!.$<HTMLSelectElement>('#os-r1')!, 'res_1')
    await tick()
    submit(form)
    await until(() => expect(view!.$('#os-r1-e')?.textContent).toBe('resourceId: not a terms document'))
    const body = {
      steps: [
        { id: 'stp_1', kind: 'add_payout_details', title: 'Payout details' },
        { kind: 'accept_terms', title: 'Accept the terms', resourceId: 'res_1' },
      ],
    }
    expect(last('/onboarding/checklist')!.body).toEqual(body)
    reply = { groupId: null, steps: [], updatedAt: at }
    submit(form)
    await until(() => expect(view!.text()).toContain('Checklist saved.'))
  })

  test('removing a step takes its errors away: the steps below move up without inheriting them', async () => {
    await open('Onboarding', routes())
    await until(() => expect(view!.$('#os-k0')).not.toBeNull())
    const form = view!.$('#os-k0')!.closest('form')!
    byText(view!.root, 'button', 'Add a step').click()
    byText(view!.root, 'button', 'Add a step').click()
    await tick()
    type(view!.$<HTMLInputElement>('#os-t2')!, 'Share your first link')
    await tick()
    submit(form)
    await until(() => expect(view!.$('#os-t1-e')?.textContent).toBe('Required.'))
    view!.$<HTMLButtonElement>('[aria-label="Remove step 2"]')!.click()
    await tick()
    expect(view!.$<HTMLInputElement>('#os-t1')!.value).toBe('Share your first link')
    expect(view!.$('#os-t1-e')).toBeNull()
    expect(view!.$<HTMLInputElement>('#os-t1')!.getAttribute('aria-invalid')).toBe('false')
  })

  test('a step added and saved keeps the id the server gave it: saving again does not make it a new step (partners’ ticks are kept by id)', async () => {
    const saved: unknown[] = []
    const put = ({ body }: { body: unknown }) => {
      saved.push(body)
      const steps = (body as { steps: { id?: string }[] }).steps.map((s, i) => ({ description: null, resourceId: null, ...s, id: s.id ?? `stp_new${saved.length}_${i}` }))
      return { groupId: null, steps, updatedAt: at }
    }
    await open('Onboarding', routes({ [`PUT ${API}/onboarding/checklist`]: put }))
    await until(() => expect(view!.$('#os-k0')).not.toBeNull())
    const form = view!.$('#os-k0')!.closest('form')!
    byText(view!.root, 'button', 'Add a step').click()
    await tick()
    type(view!.$<HTMLInputElement>('#os-t1')!, 'Read the welcome guide')
    await tick()
    submit(form)
    await until(() => expect(view!.text()).toContain('Checklist saved.'))
    byText(view!.root, 'button', 'Add a step').click()
    await tick()
    type(view!.$<HTMLInputElement>('#os-t2')!, 'Share your first link')
    await tick()
    submit(form)
    await until(() => expect(saved).toHaveLength(2))
    expect(saved[1]).toEqual({
      steps: [
        { id: 'stp_1', kind: 'add_payout_details', title: 'Payout details' },
        { id: 'stp_new1_1', kind: 'custom', title: 'Read the welcome guide' },
        { kind: 'custom', title: 'Share your first link' },
      ],
    })
  })
})

describe('coupon policy', () => {
  test('the click partner’s share is a percentage, as the console’s other rates: 60 is sent as 6000 bps; what is not one is refused on its field', async () => {
    await open('Commissions', consoleRoutes({ [`PATCH ${API}/program/settings`]: ({ body }: { body: unknown }) => ({ ...settings, ...(body as object) }) }))
    await until(() => expect(view!.$('#cp-split')).not.toBeNull())
    expect(view!.root.querySelector('label[for=cp-split]')!.textContent).toBe('Click partner’s share (%)')
    expect(view!.$<HTMLInputElement>('#cp-split')!.value).toBe('50') // 5000 bps
    const form = view!.$('#cp-split')!.closest('form')!
    choose(view!.$<HTMLSelectElement>('#cp-conflict')!, 'split')
    type(view!.$<HTMLInputElement>('#cp-split')!, '150')
    type(view!.$<HTMLInputElement>('#cp-max')!, 'lots')
    await tick()
    submit(form)
    await until(() => expect(view!.$('#cp-split-e')?.textContent).toBe('Enter a percentage from 0 to 100.'))
    expect(view!.$('#cp-max-e')!.textContent).toBe('Enter a whole number from 0 to 100.')
    expect(view!.calls.filter((c) => c.method === 'PATCH')).toEqual([])
    type(view!.$<HTMLInputElement>('#cp-split')!, '60')
    type(view!.$<HTMLInputElement>('#cp-max')!, '5')
    await tick()
    submit(form)
    await until(() => expect(view!.text()).toContain('Policy saved.'))
    expect(last('/program/settings')!.body).toEqual({ couponPolicy: { conflict: 'split', splitClickBps: 6000, partnerCodesAllowed: false, maxCodesPerPartner: 5, partnerCodePrefix: null, stripeCouponId: null } })
  })
})

describe('partners: set tier', () => {
  test('pins the selected partners at a tier named by the rules; empty lets the tier follow performance', async () => {
    await open(
      'Partners',
      consoleRoutes({
        [`GET ${API}/rules`]: { data: [rule({ tiers: [{ name: 'Gold', from: 10, value: 3000 }], tierMetric: 'sales', tierPeriod: 'month' })], nextCursor: null },
        [`POST ${API}/partners/bulk`]: { action: 'set_tier', matched: 2, changed: 1 },
      }),
    )
    await until(() => expect(view!.$$('tbody tr')).toHaveLength(3))
    view!.$<HTMLInputElement>('[aria-label="Select all shown"]')!.click()
    await tick()
    choose(view!.$<HTMLSelectElement>('[aria-label=Action]')!, 'set_tier')
    await tick()
    await until(() => expect([...view!.root.querySelectorAll<HTMLOptionElement>('#pb-tiers option')].map((o) => o.value)).toEqual(['Gold']))
    type(view!.$<HTMLInputElement>('[aria-label="Tier name"]')!, 'Gold')
    await tick()
    submit(view!.$('form.bulk')!)
    await until(() => expect(view!.text()).toContain('Partners changed: 1 of 2.'))
    expect(last('/partners/bulk')!.body).toEqual({ partnerIds: ['prt_1', 'prt_2', 'prt_3'], action: 'set_tier', tier: 'Gold' })
  })
})

describe('partners: pay now', () => {
  const pay = async (routes: Routes, names: string[]) => {
    await open('Partners', routes)
    await until(() => expect(view!.$$('tbody tr')).toHaveLength(3))
    for (const name of names) view!.$<HTMLInputElement>(`[aria-label="Select ${name}"]`)!.click()
    await tick()
    choose(view!.$<HTMLSelectElement>('[aria-label=Action]')!, 'pay')
    await tick()
    byText(view!.$('form.bulk')!, 'button', 'Apply').focus()
    submit(view!.$('form.bulk')!)
  }
  const asked = () =>
    until(() => {
      const group = view!.$('form.bulk [role=group]')
      if (!group) throw new Error('not asked yet')
      return group
    })

  test('asks first, saying whom the run pays and whom not and why; Yes pays', async () => {
    await pay(consoleRoutes({ [`POST ${API}/partners/bulk`]: { action: 'pay', matched: 3, changed: 1, payoutRun: { ...run(1), skipped: [] } } }), ['Partner 1', 'Partner 2', 'Partner 3'])
    const ask = await asked()
    expect(ask.textContent).toContain('Pay 1 partner ($60.00)? Not paid: Partner 2 has no payout details; Partner 3 is owed nothing approved.')
    expect(ask.getAttribute('aria-label')).toBe('Pay now')
    // The question took the place of Apply, and its focus (kit/focus.ts); No gives it back.
    await until(() => expect(view!.root.activeElement).toBe(byText(ask, 'button', 'Yes')))
    byText(ask, 'button', 'No').click()
    await until(() => expect(view!.root.activeElement?.textContent).toBe('Apply'))
    expect(view!.$('form.bulk [role=group]')).toBeNull()
    submit(view!.$('form.bulk')!)
    await asked()
    await until(() => expect(view!.root.activeElement).toBe(byText(view!.$('form.bulk [role=group]')!, 'button', 'Yes')))
    expect(last('/partners/bulk')).toBeUndefined()
    byText(await asked(), 'button', 'Yes').click()
    await until(() => expect(last('/partners/bulk')!.body).toEqual({ partnerIds: ['prt_1', 'prt_2', 'prt_3'], action: 'pay' }))
    await until(() => expect(view!.text()).toContain('Payout run created.'))
  })

  test('nobody selected can be paid: says who and why, and pays nothing; a run the server refuses is not "0 payouts"', async () => {
    await pay(consoleRoutes({ [`POST ${API}/partners/bulk`]: { action: 'pay', matched: 1, changed: 0 } }), ['Partner 2'])
    await until(() => expect(view!.text()).toContain('Nobody could be paid, so no payout run was created: Partner 2 has no payout details.'))
    expect(view!.$('form.bulk [role=group]')).toBeNull()
    expect(last('/partners/bulk')).toBeUndefined()
    // The preview said Partner 1 could be paid; by the time of Yes the server found nothing to pay.
    view!.$<HTMLInputElement>('[aria-label="Select Partner 1"]')!.click()
    await tick()
    submit(view!.$('form.bulk')!)
    byText(await asked(), 'button', 'Yes').click()
    await until(() => expect(view!.text()).toContain('Nobody could be paid, so no payout run was created.'))
    expect(view!.text()).not.toContain('Payouts: 0')
  })
})

describe('import', () => {
  const checked = { dryRun: true, rows: [{ line: 2, email: 'ada@x.test', outcome: 'created', partnerId: null, invitation: null }], created: 1, existing: 0, errors: [] }
  const runButton = () => byText(view!.root, 'button', 'Import and send invitations') as HTMLButtonElement

  test('another file after a check must be checked again before it can be imported', async () => {
    await open('Import', consoleRoutes({ [`POST ${API}/partners/import`]: checked }))
    await until(() => expect(view!.$('#im-url')).not.toBeNull())
    type(view!.$<HTMLInputElement>('#im-url')!, 'https://acme.test/join')
    type(view!.$<HTMLTextAreaElement>('#im-csv')!, 'email\nada@x.test')
    await tick()
    submit(view!.$('[role=tabpanel] form')!)
    await until(() => expect(runButton().disabled).toBe(false))
    expect(view!.text()).toContain('1 new partner will be invited; 0 are partners already.')
    const file = view!.$<HTMLInputElement>('#im-file')!
    Object.defineProperty(file, 'files', { value: [new File(['email\nbob@x.test\n'], 'b.csv', { type: 'text/csv' })] })
    file.dispatchEvent(new Event('change', { bubbles: true }))
    await until(() => expect(view!.$<HTMLTextAreaElement>('#im-csv')!.value).toContain('bob@x.test'))
    expect(runButton().disabled).toBe(true)
  })

  test('the invitation link is required, and the API’s problem with it shows under it', async () => {
    await open('Import', consoleRoutes({ [`POST ${API}/partners/import`]: apiError(400, 'invalid_request', 'acceptUrl: Invalid URL', 'acceptUrl') }))
    await until(() => expect(view!.$('#im-url')).not.toBeNull())
    const url = view!.$<HTMLInputElement>('#im-url')!
    expect(url.required).toBe(true)
    type(view!.$<HTMLTextAreaElement>('#im-csv')!, 'email\nada@x.test')
    await tick()
    submit(view!.$('[role=tabpanel] form')!)
    await until(() => expect(view!.$('#im-url-e')?.textContent).toBe('Required.'))
    expect(last('/partners/import')).toBeUndefined()
    type(url, 'acme')
    await tick()
    submit(view!.$('[role=tabpanel] form')!)
    await until(() => expect(view!.$('#im-url-e')?.textContent).toBe('Enter a full address starting with https:// (or http://).'))
    expect(url.getAttribute('aria-invalid')).toBe('true')
    expect(view!.text()).not.toContain('Invalid URL')
  })

  test('Partners leads to Import to add partners', async () => {
    await open('Partners')
    ;(await until(() => byText(view!.root, 'button', 'Add partners (CSV import)'))).click()
    await until(() => expect(view!.$('[role=tab][aria-selected=true]')!.textContent).toBe('Import'))
  })
})

describe('customers', () => {
  test('a customer is shown by address, else by name, else by the program’s own id for them', async () => {
    const c = (n: number, over: object) => ({ id: `cus_${n}`, externalId: `u_${n}`, email: null, name: null, clickId: null, partnerId: 'prt_1', createdAt: '2026-11-01T12:00:00.000Z', status: 'customer', sales: 1, revenue: [], firstPurchaseAt: null, lastPurchaseAt: null, ...over })
    await open('Customers', consoleRoutes({ [`GET ${API}/customers`]: { data: [c(1, { email: 'ada@x.test', name: 'Ada' }), c(2, { name: 'Bob' }), c(3, {})], nextCursor: null } }))
    await until(() => expect(view!.$$('tbody tr')).toHaveLength(3))
    expect(view!.$$('tbody tr').map((r) => r.querySelector('td')!.textContent)).toEqual(['ada@x.test', 'Bob', 'u_3'])
  })
})

describe('a decision’s outcome note', () => {
  test('an application’s goes when the status filter shows another list', async () => {
    await open('Applications', consoleRoutes({ [`POST ${API}/applications/apl_1/approve`]: () => ({ application: application(1, { status: 'approved' }), partner: {} }) }))
    await until(() => expect(view!.$('article.item')).not.toBeNull())
    byText(view!.$('article.item')!, 'button', 'Approve').click()
    await until(() => expect(view!.text()).toContain('Approved Applicant 1'))
    choose(view!.$<HTMLSelectElement>('#ap-s')!, 'rejected')
    await until(() => expect(last('/applications')!.query).toContain('status=rejected'))
    await until(() => expect(view!.text()).not.toContain('Approved Applicant 1'))
  })

  test('a claim’s goes when the status filter shows another list', async () => {
    await open(
      'Claims',
      consoleRoutes({
        [`GET ${API}/claims`]: { data: [claim(1)], nextCursor: null },
        [`POST ${API}/claims/clm_1/reject`]: claim(1, { status: 'rejected', reason: 'No sale' }),
      }),
    )
    await until(() => expect(view!.$('[data-claim=clm_1]')).not.toBeNull())
    byText(view!.$('[data-claim=clm_1]')!, 'button', 'Reject').click()
    await until(() => expect(view!.$('#cr-clm_1')).not.toBeNull())
    type(view!.$<HTMLInputElement>('#cr-clm_1')!, 'No sale')
    await tick()
    submit(view!.$('[data-claim=clm_1] form')!)
    await until(() => expect(view!.text()).toContain('Claim for inv_1 rejected'))
    choose(view!.$<HTMLSelectElement>('#cl-s')!, 'approved')
    await until(() => expect(last('/claims')!.query).toContain('status=approved'))
    await until(() => expect(view!.text()).not.toContain('Claim for inv_1 rejected'))
  })
})
