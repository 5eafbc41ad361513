import { describe, expect, test, vi } from 'vitest'
import { createConsoleStores } from './stores.ts'
import { API, apiError, application, BASE, consoleRoutes, fakeApi, partner, type Routes, run, thread, until } from './testing.ts'

function stores(routes: Routes = consoleRoutes(), onTokenExpired?: () => Promise<string>) {
  const api = fakeApi(routes)
  return { api, s: createConsoleStores({ token: 'ct_a', baseUrl: `${BASE}/`, fetch: api.fetch, onTokenExpired }) }
}

/** Keeps stores mounted, as a view on screen would: reading an unwatched nanostore mounts (and loads) it. */
const watch = (...atoms: Array<{ listen: (f: () => void) => () => void }>) => atoms.forEach((a) => a.listen(() => {}))

describe('console stores', () => {
  test('load when a view subscribes, from the /console mount of the API, with the console token', async () => {
    const { api, s } = stores()
    expect(api.calls).toHaveLength(0)
    const off = s.groups.$.listen(() => {})
    await until(() => expect(s.groups.$.get().data?.map((g) => g.name)).toEqual(['Gold', 'Silver']))
    expect(api.calls).toMatchObject([{ method: 'GET', path: `${API}/groups`, token: 'ct_a' }])
    off()
  })

  test('a paged list appends the next page; an older answer after a newer request is dropped', async () => {
    const answers: Array<(v: unknown) => void> = []
    const { api, s } = stores(consoleRoutes({ [`GET ${API}/partners`]: () => new Promise((r) => answers.push(r)) }))
    watch(s.partners.$) // the view shows: the first page loads
    await until(() => expect(answers).toHaveLength(1))
    s.partners.filter({ status: 'suspended' })
    await until(() => expect(answers).toHaveLength(2))
    answers[1]!({ data: [partner(3, { status: 'suspended' })], nextCursor: 'prt_3' })
    await until(() => expect(s.partners.$.get().items).toHaveLength(1))
    answers[0]!({ data: [partner(1), partner(2)], nextCursor: null })
    await new Promise((r) => setTimeout(r, 20))
    expect(s.partners.$.get().items.map((p) => p.id)).toEqual(['prt_3'])
    void s.partners.more()
    await until(() => expect(answers).toHaveLength(3))
    answers[2]!({ data: [partner(4, { status: 'suspended' })], nextCursor: null })
    await until(() => expect(s.partners.$.get()).toMatchObject({ next: null, loading: false }))
    expect(s.partners.$.get().items.map((p) => p.id)).toEqual(['prt_3', 'prt_4'])
    expect(api.calls.at(-1)!.query).toBe('?status=suspended&cursor=prt_3&limit=50')
  })

  test('concurrent calls that find the token expired share one refresh, then retry with the new token', async () => {
    const onTokenExpired = vi.fn(async () => 'ct_b')
    const routes = Object.fromEntries(
      Object.entries(consoleRoutes()).map(([k, r]) => [k, (req: { token: string }) => (req.token === 'ct_a' ? apiError(401, 'token_expired') : r)]),
    )
    const { api, s } = stores(routes, onTokenExpired)
    await Promise.all([s.program.run(), s.groups.run(), s.rules.run()])
    expect(onTokenExpired).toHaveBeenCalledTimes(1)
    expect(s.program.value()?.name).toBe('Acme Analytics')
    expect(s.session.$auth.get()).toBe('ok')
    expect(api.calls.filter((c) => c.token === 'ct_b')).toHaveLength(3)
  })

  test('401s become the session state: expired when the host cannot help, invalid when forged', async () => {
    let code: 'token_expired' | 'unauthorized' = 'token_expired'
    const { s } = stores(consoleRoutes({ [`GET ${API}/program`]: () => apiError(401, code) }), async () => {
      throw new Error('host down')
    })
    watch(s.program.$)
    await until(() => expect(s.session.$auth.get()).toBe('expired'))
    expect(s.program.$.get().error).toMatchObject({ code: 'token_expired' })
    code = 'unauthorized'
    s.session.setToken('ct_c')
    expect(s.session.$auth.get()).toBe('ok')
    await until(() => expect(s.session.$auth.get()).toBe('invalid'))
  })

  test('approving and rejecting take applications off the pending list', async () => {
    const { s } = stores(
      consoleRoutes({
        [`POST ${API}/applications/apl_1/approve`]: { application: application(1, { status: 'approved' }), partner: partner(9) },
        [`POST ${API}/applications/apl_2/reject`]: application(2, { status: 'rejected', rejectionReason: 'spam' }),
      }),
    )
    watch(s.applications.$)
    await until(() => expect(s.applications.$.get().items).toHaveLength(2))
    await s.applications.approve('apl_1', 'grp_1')
    expect(s.applications.$.get().items.map((a) => a.id)).toEqual(['apl_2'])
    await expect(s.applications.reject('apl_2', 'spam')).resolves.toBeUndefined()
    expect(s.applications.$.get().items).toEqual([])
  })

  test('a bulk action names the selected partners, clears the selection and reloads the list', async () => {
    let body: unknown
    const { api, s } = stores(consoleRoutes({ [`POST ${API}/partners/bulk`]: ({ body: b }: { body: unknown }) => ((body = b), { action: 'pay', matched: 2, changed: 1, payoutRun: { ...run(5), skipped: [] } }) }))
    watch(s.partners.$)
    await until(() => expect(s.partners.$.get().loaded).toBe(true))
    s.partners.toggle(['prt_1', 'prt_2', 'prt_3'], true)
    s.partners.toggle(['prt_3'], false)
    const result = await s.partners.bulk({ action: 'pay' })
    expect(body).toEqual({ partnerIds: ['prt_1', 'prt_2'], action: 'pay' })
    expect(result.payoutRun?.id).toBe('run_5')
    expect(s.partners.$selected.get().size).toBe(0)
    await until(() => expect(api.calls.filter((c) => c.path === `${API}/partners`)).toHaveLength(2))
    expect(api.calls.some((c) => c.path === `${API}/balances`)).toBe(true)
  })

  test('opening a thread with unread messages marks it read; a reply is appended and the thread moves up', async () => {
    const { api, s } = stores(
      consoleRoutes({
        [`GET ${API}/threads/prt_2/messages`]: { data: [{ ...thread(2).lastMessage!, id: 'msg_b' }, { ...thread(2).lastMessage!, id: 'msg_a', body: 'first' }], nextCursor: null, thread: thread(2, { unreadCount: 2 }) },
        [`POST ${API}/threads/prt_2/read`]: thread(2, { unreadCount: 0 }),
        [`POST ${API}/threads/prt_2/messages`]: ({ body }: { body: unknown }) => ({ ...thread(2).lastMessage!, id: 'msg_c', sender: 'program', senderName: 'Dana', body: (body as { body: string }).body }),
      }),
    )
    watch(s.threads.$)
    await until(() => expect(s.threads.$.get().loaded).toBe(true))
    s.threads.open('prt_2')
    const off = s.threads.messages.$.listen(() => {}) // the conversation shows: it loads
    await until(() => expect(s.threads.messages.$.get().data?.messages.map((m) => m.id)).toEqual(['msg_a', 'msg_b']))
    expect(api.calls.some((c) => c.method === 'POST' && c.path === `${API}/threads/prt_2/read`)).toBe(true)
    expect(s.threads.$.get().items.find((t) => t.partner.id === 'prt_2')!.unreadCount).toBe(0)
    await s.threads.send('prt_2', 'Thanks!')
    expect(s.threads.messages.$.get().data!.messages.at(-1)!.body).toBe('Thanks!')
    expect(s.threads.$.get().items[0]!.partner.id).toBe('prt_2')
    off()
  })

  test('the first message to a partner who never wrote puts their thread first in the list', async () => {
    const { s } = stores(
      consoleRoutes({
        [`GET ${API}/threads/prt_7/messages`]: { data: [], nextCursor: null, thread: thread(7, { lastMessage: null, unreadCount: 0 }) },
        [`POST ${API}/threads/prt_7/messages`]: { ...thread(7).lastMessage!, id: 'msg_n', sender: 'program', senderName: 'Dana', body: 'Welcome!' },
      }),
    )
    watch(s.threads.$)
    await until(() => expect(s.threads.$.get().loaded).toBe(true))
    s.threads.open('prt_7') // from the partner's page: "Message"
    watch(s.threads.messages.$)
    await until(() => expect(s.threads.messages.$.get().data?.thread.partner.id).toBe('prt_7'))
    await s.threads.send('prt_7', 'Welcome!')
    expect(s.threads.$.get().items.map((t) => [t.partner.id, t.lastMessage?.body])).toEqual([
      ['prt_7', 'Welcome!'],
      ['prt_1', 'Hello from 1'],
      ['prt_2', 'Hello from 2'],
    ])
  })

  test('a payout run goes first in the list and the balances load again', async () => {
    const { api, s } = stores(consoleRoutes({ [`POST ${API}/payout-runs`]: { ...run(2), skipped: [] } }))
    watch(s.payouts.runs.$)
    await until(() => expect(s.payouts.runs.$.get().loaded).toBe(true))
    const r = await s.payouts.run()
    expect(r.id).toBe('run_2')
    expect(s.payouts.runs.$.get().items.map((x) => x.id)).toEqual(['run_2', 'run_1'])
    await until(() => expect(api.calls.some((c) => c.path === `${API}/balances`)).toBe(true))
    expect(api.calls.find((c) => c.path === `${API}/payout-runs` && c.method === 'POST')!.token).toBe('ct_a')
  })

  test('the run preview loads again after a run (even a refused one), a mark-paid and a bulk pay, when shown', async () => {
    let refuse = false
    const { api, s } = stores(
      consoleRoutes({
        [`POST ${API}/payout-runs`]: () => (refuse ? apiError(422, 'nothing_to_pay') : { ...run(2), skipped: [] }),
        [`POST ${API}/payout-runs/run_1/mark-paid`]: { ...run(1), status: 'paid' },
        [`POST ${API}/partners/bulk`]: { action: 'pay', matched: 1, changed: 1 },
      }),
    )
    const previews = () => api.calls.filter((c) => c.path === `${API}/payout-runs/preview`).length
    await s.payouts.run()
    expect(previews()).toBe(0) // not on screen: it loads when shown
    watch(s.payouts.preview.$)
    await until(() => expect(s.payouts.preview.$.get().data?.payees).toHaveLength(1))
    await s.payouts.run()
    await until(() => expect(previews()).toBe(2))
    refuse = true
    await expect(s.payouts.run()).rejects.toMatchObject({ code: 'nothing_to_pay' })
    await until(() => expect(previews()).toBe(3))
    await s.payouts.markPaid('run_1')
    await until(() => expect(previews()).toBe(4))
    await s.partners.bulk({ action: 'pay' })
    await until(() => expect(previews()).toBe(5))
  })
})
