// The Activity tab (the audit log) against the real server in process: the changes are made through the
// SDK, with the program's secret key and with the manager's console token, then the console lists them
// newest first, in words, with their filters and "Load more". On the fake network: the empty log (a real
// one always holds the console token's issue) and the actors and secrets no API call here produces.
import { Afflio } from '@afflio/sdk'
import type { AuditEntry } from '@afflio/sdk/types'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { createTestContext, type TestContext } from '../../../server/src/testing.ts'
import { mountConsole } from './mount.tsx'
import { API, byText, choose, consoleRoutes, render, tick, until } from './testing.ts'

const BASE = 'https://afflio.test'

let ctx: TestContext
let afflio: Afflio
let cleanup = () => {}
/** The audit-log requests the console made, as `?query` */
let asked: string[] = []
/** How many more audit-log requests fail as if the network were down */
let offline = 0

const fetchApp = (async (input: RequestInfo | URL, init?: RequestInit) => {
  const url = new URL(String(input))
  if (url.pathname === '/console/v1/audit-log') {
    asked.push(url.search)
    if (offline > 0) {
      offline--
      throw new TypeError('Failed to fetch')
    }
  }
  return ctx.app.request(url.href, init)
}) as typeof fetch

/** A minute on: entries at the same instant would have no order between them */
const later = () => ctx.clock.set(new Date(ctx.clock.now().getTime() + 60_000).toISOString())
const when = (iso: string) => new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso))

beforeEach(async () => {
  ctx = await createTestContext()
  const { secretKey } = await ctx.createProgram({ name: 'Acme Analytics' })
  afflio = new Afflio({ secretKey, baseUrl: BASE, fetch: fetchApp, maxRetries: 0 })
  asked = []
})

afterEach(async () => {
  cleanup()
  await ctx.close()
})

/** A console token for manager Dana, and an SDK client acting with it as the console does */
async function dana() {
  const { token } = await afflio.consoleTokens.create({ manager: 'Dana' })
  return { token, manager: new Afflio({ secretKey: token, baseUrl: `${BASE}/console`, fetch: fetchApp, maxRetries: 0 }) }
}

/** Mounts the console with `token` and opens the Activity tab. */
async function open(token: string) {
  const host = document.createElement('div')
  document.body.append(host)
  const handle = mountConsole(host, { token, baseUrl: BASE, fetch: fetchApp, locale: 'en-US' })
  cleanup = () => (handle.unmount(), host.remove())
  const root = host.shadowRoot!
  byText(root, '[role=tab]', 'Activity').click()
  await tick()
  const panel = () => root.querySelector('[role=tabpanel]')!
  return {
    root,
    panel,
    /** Each row's cells as text; the change cell's lines joined by " | " */
    rows: () =>
      [...panel().querySelectorAll('tbody tr')].map((tr) =>
        [...tr.querySelectorAll('td')].map((td, i) => (i === 4 ? [...td.children].map((l) => l.textContent).join(' | ') : td.textContent)),
      ),
  }
}

describe('activity', { timeout: 30_000 }, () => {
  test('newest first: when, who (the key, the manager in the console), what in words, the partner by name, what changed', async () => {
    const key = (await afflio.keys.list()).data.find((k) => k.kind === 'secret')!
    later()
    const ada = await afflio.partners.create({ email: 'ada@example.com', name: 'Ada', country: 'GB' })
    later()
    await afflio.partners.update(ada.id, { status: 'suspended' })
    later()
    const { token, manager } = await dana()
    later()
    await manager.partners.update(ada.id, { status: 'active' })

    const v = await open(token)
    await until(() => expect(v.rows()).toHaveLength(5))
    const log = (await afflio.auditLog.list()).data
    const [reactivated, issued, suspended, created, program] = v.rows()
    expect(reactivated).toEqual([when(log[0]!.at), 'Dana (console)', 'Changed a partner', 'Ada', 'status: suspended → active'])
    expect(issued!.slice(1, 4)).toEqual([`API key ${key.prefix}…`, 'Issued a console token', 'Acme Analytics'])
    expect(issued![4]).toContain('manager: Dana')
    expect(suspended).toEqual([expect.any(String), `API key ${key.prefix}…`, 'Changed a partner', 'Ada', `status: ${ada.status} → suspended`])
    expect(created!.slice(1, 4)).toEqual([`API key ${key.prefix}…`, 'Added a partner', 'Ada'])
    expect(created![4]).toContain('email: ada@example.com | name: Ada')
    expect(created![4]).toContain('country: GB')
    expect(created![4]).not.toContain('externalId') // a creation lists the fields it set, not the empty ones
    expect(program!.slice(1, 4)).toEqual(['Afflio', 'Created the program', 'Acme Analytics'])
    // Newest first, each time in the reader's locale; the time element carries the exact instant.
    expect(v.rows().map((r) => r[0])).toEqual(log.map((e) => when(e.at)))
    expect(v.panel().querySelector('time')!.getAttribute('dateTime')).toBe(log[0]!.at)
    expect(asked).toEqual(['?limit=50'])
  })

  test('filters by action and subject type; "Load more" follows the cursor', async () => {
    for (let i = 1; i <= 51; i++) await afflio.partners.create({ email: `p${i}@example.com`, name: `Partner ${String(i).padStart(2, '0')}` })
    later()
    const bob = await afflio.partners.create({ email: 'bob@example.com', name: 'Bob' })
    await afflio.partners.update(bob.id, { status: 'suspended' })
    const { token } = await dana()

    const v = await open(token)
    await until(() => expect(v.rows()).toHaveLength(50))
    choose(v.root.querySelector<HTMLSelectElement>('#af-a')!, 'partner.changed')
    await until(() => expect(v.rows()).toEqual([[expect.any(String), expect.stringMatching(/^API key sk_/), 'Changed a partner', 'Bob', `status: ${bob.status} → suspended`]]))
    expect(asked.at(-1)).toBe('?action=partner.changed&limit=50')

    choose(v.root.querySelector<HTMLSelectElement>('#af-s')!, 'group')
    await until(() => expect(v.panel().textContent).toContain('No changes match these filters.'))
    expect(asked.at(-1)).toBe('?action=partner.changed&subjectType=group&limit=50')

    choose(v.root.querySelector<HTMLSelectElement>('#af-a')!, '')
    choose(v.root.querySelector<HTMLSelectElement>('#af-s')!, 'partner')
    await until(() => expect(v.rows()).toHaveLength(50))
    expect(asked.at(-1)).toBe('?subjectType=partner&limit=50')
    await until(() => expect(v.rows().filter((r) => r[3]!.startsWith('Partner prt_'))).toEqual([])) // every partner by name
    byText(v.panel(), 'button', 'Load more').click()
    await until(() => expect(v.rows()).toHaveLength(53)) // 52 partners created, one changed
    expect(asked.at(-1)).toMatch(/^\?subjectType=partner&cursor=[^&]+&limit=50$/)
    expect(v.panel().textContent).not.toContain('Load more')
    expect(new Set(v.rows().map((r) => r[3])).size).toBe(52)
  })

  test('a failed load says so and loads again on "Try again"', async () => {
    await afflio.partners.create({ email: 'ada@example.com', name: 'Ada' })
    const { token } = await dana()
    offline = 2 // the console's client tries twice
    const v = await open(token)
    await until(() => expect(v.panel().querySelector('[role=alert]')?.textContent).toContain('Could not reach the server.'))
    byText(v.panel(), 'button', 'Try again').click()
    await until(() => expect(v.rows().some((r) => r[2] === 'Added a partner' && r[3] === 'Ada')).toBe(true))
    expect(asked).toEqual(['?limit=50', '?limit=50', '?limit=50'])
  })
})

describe('activity states', () => {
  test('loading, then "No changes recorded yet."', async () => {
    let answer: (page: unknown) => void = () => {}
    const view = render(consoleRoutes({ [`GET ${API}/audit-log`]: () => new Promise((r) => (answer = r)) }))
    cleanup = view.cleanup
    byText(view.root, '[role=tab]', 'Activity').click()
    await until(() => expect(view.$('[role=tabpanel] [role=status]')?.textContent).toBe('Loading…'))
    answer({ data: [], nextCursor: null })
    await until(() => expect(view.$('[role=tabpanel]')!.textContent).toContain('No changes recorded yet.'))
  })

  test('the words for every kind of actor, a secret only as "changed", a subject by type and id', async () => {
    const at = '2026-11-01T12:00:00.000Z'
    const entry = (n: number, over: Partial<AuditEntry>): AuditEntry => ({ id: `aud_${n}`, at, actor: { kind: 'system', id: 'afflio', label: null }, action: 'program.settings_changed', subject: { type: 'program', id: 'prg_1' }, before: null, after: null, ...over })
    const view = render(
      consoleRoutes({
        [`GET ${API}/audit-log`]: {
          data: [
            entry(1, { before: { stripeWebhookSecret: null, holdingDays: 30 }, after: { stripeWebhookSecret: '[secret]', holdingDays: 14 } }),
            entry(2, { actor: { kind: 'admin', id: 'admin', label: null }, action: 'webhook_endpoint.deleted', subject: { type: 'webhook_endpoint', id: 'we_1' }, before: { url: 'https://acme.test/hook', description: null } }),
            entry(3, { actor: { kind: 'console', id: 'dana', label: null }, action: 'partner.changed', subject: { type: 'partner', id: 'prt_9' }, before: { groupId: null }, after: { groupId: 'grp_1' } }),
          ],
          nextCursor: null,
        },
      }),
    )
    cleanup = view.cleanup
    byText(view.root, '[role=tab]', 'Activity').click()
    await until(() => expect(view.$$('[role=tabpanel] tbody tr')).toHaveLength(3))
    const rows = view.$$('[role=tabpanel] tbody tr').map((tr) => [...tr.querySelectorAll('td')].slice(1).map((td) => (td.children.length ? [...td.children].map((l) => l.textContent).join(' | ') : td.textContent)))
    expect(rows).toEqual([
      ['Afflio', 'Changed the program settings', 'Acme Analytics', 'stripeWebhookSecret: changed | holdingDays: 30 → 14'],
      ['Admin', 'Deleted a webhook endpoint', 'Webhook endpoint we_1', 'url: https://acme.test/hook'],
      ['dana (console)', 'Changed a partner', 'Partner prt_9', 'groupId: — → grp_1'],
    ])
  })
})
