// Notifications: each kind of notice (commission earned, payout sent, application approved and the
// rejected applicant's email, a program message, a challenge won) in the portal and by email, in the
// program's brand colour; per-kind preferences; one-click unsubscribe links; the notices API and what a
// partner's token can reach. Through the SDK and HTTP against the real app and database.
import { Afflio, AfflioApiError, AfflioPortal } from '@afflio/sdk'
import type { NoticeKind } from '@afflio/sdk/types'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deliverEmails, type MailTransport } from './deliver-emails.ts'
import { createTestContext, dialects, type TestContext } from '../testing.ts'
import { type Earner, payoutProgram } from '../testing-payouts.ts'

const PUBLIC_URL = 'http://afflio.test'

type Sent = Parameters<MailTransport['sendMail']>[0]

describe.each(dialects)('notifications on %s', (dialect) => {
  let ctx: TestContext
  let p: Awaited<ReturnType<typeof payoutProgram>>
  let other: Afflio
  let ana: Earner
  let ben: Earner
  const portals: Record<string, AfflioPortal> = {}
  // The SMTP side is nodemailer's (messaging.test.ts runs it against a real server); here, what is handed to it.
  const sent: Sent[] = []
  const transport: MailTransport = { sendMail: async (mail) => void sent.push(mail) }

  const fetch = ((input: RequestInfo | URL, init?: RequestInit) => ctx.app.request(input as string, init)) as typeof globalThis.fetch
  // The clock moves by weeks here: the portal asks for a new token when its token expires.
  const portalOf = async (afflio: Afflio, partnerId: string) => {
    const mint = async () => (await afflio.embedTokens.create({ partnerId })).token
    return new AfflioPortal({ token: await mint(), baseUrl: PUBLIC_URL, fetch, maxRetries: 0, onTokenExpired: mint })
  }
  /** Runs the reactions, then sends what they queued; answers the emails sent to `to`. */
  const mailTo = async (to: string) => {
    await ctx.drain()
    await deliverEmails(ctx.db, { now: ctx.clock.now(), transport, from: 'Afflio <no-reply@afflio.test>', publicUrl: PUBLIC_URL })
    return sent.filter((m) => m.to === to)
  }
  // Ids sort by time, and the test's clock stands still: a second passes between things whose order is checked.
  const tick = () => ctx.clock.set(new Date(ctx.clock.now().getTime() + 1000).toISOString())
  const sell = (who: Earner, amountMinor: number) => (tick(), p.sell(who, amountMinor))
  const kinds = async (portal: AfflioPortal) => (await portal.notices.list()).data.map((n) => n.kind)
  const emailOf = (e: Earner) => `${e.code.replace(/\d+$/, '').toLowerCase()}${e.code.match(/\d+$/)![0]}@partners.test`

  beforeAll(async () => {
    ctx = await createTestContext({ dialect })
    p = await payoutProgram(ctx, { holdingDays: 0, payoutMinimums: { USD: 0 }, brandColor: '#FFD500' })
    other = new Afflio({ secretKey: (await ctx.createProgram({ name: 'Other' })).secretKey, baseUrl: PUBLIC_URL, fetch, maxRetries: 0 })
    ana = await p.partner('Ana', { method: 'paypal', email: 'ana@paypal.test' })
    ben = await p.partner('Ben', { method: 'paypal', email: 'ben@paypal.test' })
    portals.ana = await portalOf(p.afflio, ana.id)
    portals.ben = await portalOf(p.afflio, ben.id)
  })
  afterAll(() => ctx.close())

  it('tells a partner of a commission earned: a notice, and an email in the brand colour with a one-click link', async () => {
    await sell(ana, 4200)
    const mail = (await mailTo(emailOf(ana))).at(-1)!
    expect(mail.subject).toBe('You earned USD 42.00')
    expect(mail.text).toContain('You earned USD 42.00 (Program default: 100% of a USD 42.00 sale).')
    expect(mail.html).toContain('background:#ffd500;color:#000000')
    expect(mail.html).toContain('Unsubscribe from emails about new commissions')
    expect(mail.headers!['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click')
    expect(mail.headers!['List-Unsubscribe']).toMatch(/^<http:\/\/afflio\.test\/v1\/unsubscribe\/n1\.prg_\w+\.prt_\w+\.commission_earned\.[\w-]{43}>$/)

    const page = await portals.ana!.notices.list()
    expect(page).toMatchObject({ unreadCount: 1, nextCursor: null })
    expect(page.data[0]).toMatchObject({ kind: 'commission_earned', title: 'You earned USD 42.00', readAt: null })
    expect(await portals.ana!.notices.unread()).toEqual({ unreadCount: 1 })
    expect(await kinds(portals.ben!)).toEqual([]) // Ben's notices are his own
  })

  it('tells of a payout sent, and of a message from the program (not of the partner’s own)', async () => {
    await p.settle()
    const run = await p.afflio.payouts.runs.create()
    await p.afflio.payouts.runs.markPaid(run.id)
    const payout = (await mailTo(emailOf(ana))).at(-1)!
    expect(payout.subject).toBe('Payout sent: USD 42.00')

    await portals.ana!.messages.send({ body: 'Hello from Ana' })
    tick()
    await p.afflio.threads.send(ana.id, { body: 'Thanks Ana!\nKeep going.', senderName: 'Dana' })
    const message = (await mailTo(emailOf(ana))).at(-1)!
    expect(message.subject).toBe('New message from Dana')
    expect(message.text).toContain('Thanks Ana!\nKeep going.')
    expect(await kinds(portals.ana!)).toEqual(['message', 'payout_sent', 'commission_earned'])
  })

  it('welcomes an approved applicant, and emails a rejected one the reason', async () => {
    const approved = await p.afflio.applications.create({ email: 'cleo@blog.test', name: 'Cleo' })
    const { partner } = await p.afflio.applications.approve(approved.id, { linkCode: 'CLEO' })
    const welcome = (await mailTo('cleo@blog.test')).at(-1)!
    expect(welcome.subject).toBe('Welcome to Acme')
    expect(welcome.text).toContain('CLEO')
    expect(await kinds(await portalOf(p.afflio, partner.id))).toEqual(['application_approved'])

    const rejected = await p.afflio.applications.create({ email: 'dan@spam.test' })
    await p.afflio.applications.reject(rejected.id, 'Your site has no audience yet')
    const refusal = (await mailTo('dan@spam.test')).at(-1)!
    expect(refusal.subject).toBe('Your application to Acme')
    expect(refusal.text).toContain('Reason: Your site has no audience yet')
    expect(refusal.headers).toEqual({}) // nothing to leave: a one-off email
    expect(refusal.html).toContain('background:#ffd500')
    await p.afflio.applications.reject(rejected.id, 'again') // answered as it is: no second email
    expect(await mailTo('dan@spam.test')).toHaveLength(1)
  })

  it('tells of a challenge won', async () => {
    const now = ctx.clock.now().getTime()
    const window = { startsAt: new Date(now - 86_400_000).toISOString(), endsAt: new Date(now + 86_400_000).toISOString() }
    await p.afflio.challenges.create({ name: 'First sale', metric: 'sales', target: 1, ...window, reward: { amountMinor: 1000, currency: 'USD' } })
    await sell(ben, 500)
    const subjects = (await mailTo(emailOf(ben))).map((m) => m.subject)
    expect(subjects).toEqual(expect.arrayContaining(['You earned USD 5.00', 'Challenge met: First sale']))
    expect(await kinds(portals.ben!)).toEqual(expect.arrayContaining(['challenge_won', 'commission_earned']))
  })

  it('keeps preferences per kind: a kind turned off is still a notice, with no email, and its waiting emails are cancelled', async () => {
    const all = (on: boolean) => Object.fromEntries(['commission_earned', 'payout_sent', 'application_approved', 'message', 'challenge_won', 'deal_update', 'bounty_update', 'claim_decided', 'recruit_update', 'newsletter'].map((k) => [k, on]))
    expect(await portals.ben!.notices.preferences()).toEqual({ emails: all(true) })

    await sell(ben, 700) // its email waits in the outbox...
    await ctx.drain()
    const prefs = await portals.ben!.notices.setPreferences({ emails: { commission_earned: false, newsletter: false } })
    expect(prefs.emails).toEqual({ ...all(true), commission_earned: false, newsletter: false })
    expect(await mailTo(emailOf(ben))).not.toContainEqual(expect.objectContaining({ subject: 'You earned USD 7.00' })) // ...and is cancelled
    await sell(ben, 800)
    expect(await mailTo(emailOf(ben))).not.toContainEqual(expect.objectContaining({ subject: 'You earned USD 8.00' }))
    expect((await portals.ben!.notices.list()).data.slice(0, 2).map((n) => n.title)).toEqual(['You earned USD 8.00', 'You earned USD 7.00'])
    // The newsletter switch is the one the Messages tab shows.
    expect((await portals.ben!.messages.inbox()).newsletterEmails).toBe(false)
    await p.afflio.threads.send(ben.id, { body: 'Still emailed' })
    expect((await mailTo(emailOf(ben))).at(-1)!.subject).toBe('New message from Acme')

    const back = await portals.ben!.notices.setPreferences({ emails: { commission_earned: true } })
    expect(back.emails).toEqual({ ...all(true), newsletter: false })
    await sell(ben, 900)
    expect((await mailTo(emailOf(ben))).at(-1)!.subject).toBe('You earned USD 9.00')

    const bad = await ctx.app.request('/v1/portal/notification-preferences', {
      method: 'PUT',
      headers: { authorization: `Bearer ${(await p.afflio.embedTokens.create({ partnerId: ben.id })).token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ emails: { sms: false } }),
    })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid_request')
  })

  it('unsubscribes one kind by the email’s link: one-click POST, or the page a GET opens, no login; a forged link does nothing', async () => {
    tick()
    await p.afflio.threads.send(ana.id, { body: 'One more thing' })
    const mail = (await mailTo(emailOf(ana))).at(-1)!
    const link = new URL(/^<(.+)>$/.exec(mail.headers!['List-Unsubscribe']!)![1]!)
    const token = link.pathname.split('/').at(-1)!

    const forged = token.replace('.message.', '.payout_sent.')
    expect((await ctx.app.request(`/v1/unsubscribe/${forged}`, { method: 'POST' })).status).toBe(404)
    const tampered = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA')
    expect((await ctx.app.request(`/v1/unsubscribe/${tampered}`)).status).toBe(404)
    // A GET (a mail scanner's, or a click) only shows the question.
    expect(await (await ctx.app.request(link.pathname)).text()).toContain('Stop receiving emails about new messages from Acme?')
    expect((await portals.ana!.notices.preferences()).emails.message).toBe(true)

    const oneClick = await ctx.app.request(link.pathname, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' })
    expect(oneClick.status).toBe(200)
    expect(await oneClick.text()).toContain('You will no longer receive emails about new messages from Acme')
    expect((await ctx.app.request(link.pathname, { method: 'POST' })).status).toBe(200) // a repeat, by the page's button: still fine
    const prefs = (await portals.ana!.notices.preferences()).emails
    expect(prefs).toMatchObject({ message: false, commission_earned: true, newsletter: true })

    tick()
    await p.afflio.threads.send(ana.id, { body: 'Not emailed' })
    expect((await mailTo(emailOf(ana))).at(-1)!.text).not.toContain('Not emailed')
    expect((await portals.ana!.notices.list()).data[0]!.body).toBe('Not emailed')
  })

  it('marks notices read by id or all, only the partner’s own, with pages and the unread count', async () => {
    const ana_ = portals.ana!
    const before = await ana_.notices.list({ limit: 2 })
    expect(before.data).toHaveLength(2)
    expect(before.nextCursor).not.toBeNull()
    const rest = await ana_.notices.list({ cursor: before.nextCursor!, limit: 100 })
    expect([...before.data, ...rest.data].map((n) => n.id)).toEqual((await ana_.notices.list({ limit: 100 })).data.map((n) => n.id))
    const total = before.unreadCount

    // Ben cannot read or mark Ana's: her ids change nothing of hers.
    const hers = before.data[0]!.id
    const benUnread = (await portals.ben!.notices.unread()).unreadCount
    expect(await portals.ben!.notices.markRead({ ids: [hers] })).toEqual({ unreadCount: benUnread })
    expect((await ana_.notices.unread()).unreadCount).toBe(total)

    expect(await ana_.notices.markRead({ ids: [hers] })).toEqual({ unreadCount: total - 1 })
    expect((await ana_.notices.list()).data[0]!.readAt).toBe(ctx.clock.now().toISOString())
    expect(await ana_.notices.markRead({ all: true })).toEqual({ unreadCount: 0 })
    expect((await portals.ben!.notices.unread()).unreadCount).toBe(benUnread)

    // Another program's token sees its own partner's notices only.
    const carol = await other.partners.create({ email: 'carol@partner.test' })
    expect((await (await portalOf(other, carol.id)).notices.list()).data).toEqual([])

    for (const body of [{}, { ids: [] }, { ids: ['msg_x'] }, { ids: [hers], all: true }, { all: false }]) {
      const token = (await p.afflio.embedTokens.create({ partnerId: ana.id })).token
      const res = await ctx.app.request('/v1/portal/notices/read', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })
      expect(res.status, JSON.stringify(body)).toBe(400)
    }
    expect((await ctx.app.request('/v1/portal/notices')).status).toBe(401)
  })

  it('says in the settings whether mail is configured, and keeps the brand colour', async () => {
    expect(await p.afflio.settings.get()).toMatchObject({ brandColor: '#ffd500', mail: { configured: false } })
    const withMail = await createTestContext({ dialect, mailConfigured: true })
    try {
      const keys = await withMail.createProgram()
      const afflio = new Afflio({ secretKey: keys.secretKey, baseUrl: PUBLIC_URL, fetch: ((i: string, init?: RequestInit) => withMail.app.request(i, init)) as typeof globalThis.fetch, maxRetries: 0 })
      expect(await afflio.settings.get()).toMatchObject({ brandColor: null, mail: { configured: true } })
    } finally {
      await withMail.close()
    }
    const err = await p.afflio.settings.update({ brandColor: 'red' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AfflioApiError)
    expect((err as AfflioApiError).status).toBe(400)
    expect((await p.afflio.settings.update({ brandColor: null })).brandColor).toBeNull()
  })

  it('writes each notice once, however often its event runs', async () => {
    const count = async (kind: NoticeKind) => (await ctx.db.selectFrom('notices').select('id').where('kind', '=', kind).execute()).length
    const before = await count('commission_earned')
    await sell(ana, 100)
    await ctx.drain()
    ctx.clock.advanceDays(3) // past every lease: the loop looks at everything again
    await ctx.dispatchDue()
    expect(await count('commission_earned')).toBe(before + 1)
  })
})
