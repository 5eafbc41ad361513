// Segments through the SDK: every condition kind on data made through the API (partners, clicks, sales,
// refunds, clock moves), dormancy and top N% at their boundaries, live counts, bulk actions, isolation
// between programs and invalid definitions.
import { Afflio, AfflioApiError, AfflioPortal } from '@afflio/sdk'
import type { SegmentDefinition } from '@afflio/sdk/types'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { partnerInSegment, segmentPartnerIds } from './segments.ts'
import { pruneClicks } from '../stats/index.ts'
import { BROWSER_UA, createTestContext, dialects, type TestContext } from '../testing.ts'

describe.each(dialects)('segments on %s', (dialect) => {
  let ctx: TestContext
  let afflio: Afflio
  let keys: { publishableKey: string; secretKey: string; program: { id: string } }
  let ip = 0
  let n = 0
  let names = 0

  const fetchApp = async (i: RequestInfo | URL, init?: RequestInit) => ctx.app.request(i as string, init)
  const client = (secretKey: string) => new Afflio({ secretKey, baseUrl: 'http://afflio.test', fetch: fetchApp, maxRetries: 0 })

  beforeEach(async () => {
    ctx = await createTestContext({ dialect, rateLimit: { trustProxy: true } })
    ctx.clock.set('2026-05-10T12:00:00.000Z')
    keys = await ctx.createProgram({ currency: 'USD', defaultCommission: { type: 'percent', rateBps: 1000 } })
    afflio = client(keys.secretKey)
  })
  afterEach(() => ctx.close())

  const partner = async (name: string, extra: { country?: string } = {}) => {
    const p = await afflio.partners.create({ email: `${name.toLowerCase()}@p.test`, name, linkCode: name.toUpperCase(), ...extra })
    return p.id
  }
  const click = async (code: string, publishableKey = keys.publishableKey): Promise<string> => {
    ip++
    const res = await ctx.app.request('/v1/track/click', {
      method: 'POST',
      headers: { 'x-forwarded-for': `10.1.${ip >> 8}.${ip & 255}`, 'user-agent': `${BROWSER_UA} ua${ip}` },
      body: JSON.stringify({ key: publishableKey, code }),
    })
    expect(res.status).toBe(201)
    return ((await res.json()) as { clickId: string }).clickId
  }
  const sell = async (code: string, amountMinor: number, currency = 'USD') => {
    const invoiceId = `in_${++n}`
    const r = await afflio.track.sale({ invoiceId, amountMinor, currency, clickId: await click(code) })
    expect(r.sale.partnerId).not.toBeNull()
    return invoiceId
  }
  const ids = (def: SegmentDefinition) => afflio.segments.preview(def).then(async (p) => {
    const seg = await afflio.segments.create({ name: `tmp ${++names}`, definition: def })
    const all = await segmentPartnerIds(ctx.db, keys.program.id, seg.id, ctx.clock.now())
    await afflio.segments.delete(seg.id)
    expect(seg.count).toBe(p.count)
    expect(all.length).toBe(p.count)
    return all
  })
  const sorted = (...xs: string[]) => [...xs].sort()
  const status = async (p: Promise<unknown>) => {
    try {
      await p
    } catch (err) {
      if (err instanceof AfflioApiError) return { status: err.status, code: err.code }
      throw err
    }
    return { status: 200 }
  }

  it('filters by group, country, status and join date, ANDed, with `any` as OR', async () => {
    const ada = await partner('Ada', { country: 'de' })
    ctx.clock.advanceDays(1)
    const bob = await partner('Bob', { country: 'US' })
    ctx.clock.advanceDays(1)
    const joinedCarol = ctx.clock.now().toISOString()
    const carol = await partner('Carol')
    const vip = await afflio.groups.create({ name: 'VIP' })
    await afflio.partners.update(ada, { groupId: vip.id })
    await afflio.partners.update(bob, { groupId: vip.id, status: 'suspended' })
    await afflio.partners.update(carol, { country: 'fr' })
    expect((await afflio.partners.get(ada)).country).toBe('DE')
    expect((await afflio.partners.get(carol)).country).toBe('FR')

    expect(await ids({ conditions: [{ type: 'group', in: [vip.id] }] })).toEqual(sorted(ada, bob))
    expect(await ids({ conditions: [{ type: 'group', none: true }] })).toEqual([carol])
    expect(await ids({ conditions: [{ type: 'country', in: ['de', 'FR'] }] })).toEqual(sorted(ada, carol))
    expect(await ids({ conditions: [{ type: 'status', in: ['suspended'] }] })).toEqual([bob])
    // after is inclusive, before exclusive
    expect(await ids({ conditions: [{ type: 'joined', after: joinedCarol }] })).toEqual([carol])
    expect(await ids({ conditions: [{ type: 'joined', before: joinedCarol }] })).toEqual(sorted(ada, bob))
    expect(await ids({ conditions: [{ type: 'joined', after: '2026-05-11', before: '2026-05-12' }] })).toEqual([bob])
    expect(await ids({ conditions: [{ type: 'group', in: [vip.id] }, { type: 'status', in: ['active'] }] })).toEqual([ada])
    expect(await ids({ conditions: [{ type: 'status', in: ['active'] }], any: [{ type: 'country', in: ['FR'] }, { type: 'group', in: [vip.id] }] })).toEqual(sorted(ada, carol))
    expect(await ids({ conditions: [] })).toEqual(sorted(ada, bob, carol))

    await afflio.partners.update(carol, { country: null })
    expect(await ids({ conditions: [{ type: 'country', none: true }] })).toEqual([carol])
  })

  it('counts clicks, sales and net revenue over a period', async () => {
    const ada = await partner('Ada')
    const bob = await partner('Bob')
    const cid = await partner('Cid')
    ctx.clock.set('2026-04-20T12:00:00.000Z') // last month, as of May
    await click('ADA')
    await click('ADA')
    await sell('BOB', 5000)
    const refunded = await sell('BOB', 3000)
    ctx.clock.set('2026-05-10T12:00:00.000Z')
    await click('CID')
    await sell('CID', 2000, 'EUR')
    await afflio.track.refund({ invoiceId: refunded }) // a full refund: no longer a sale, no revenue

    // Every sale above came through a click too: Ada 2 and Bob 2 in April, Cid 2 in May
    expect(await ids({ conditions: [{ type: 'clicksAtLeast', count: 2, period: 'last_month' }] })).toEqual(sorted(ada, bob))
    expect(await ids({ conditions: [{ type: 'clicksAtLeast', count: 2, period: 'last_30_days' }] })).toEqual(sorted(ada, bob, cid))
    expect(await ids({ conditions: [{ type: 'clicksAtLeast', count: 3, period: 'lifetime' }] })).toEqual([])
    expect(await ids({ conditions: [{ type: 'clicksAtLeast', count: 1, period: 'this_month' }] })).toEqual([cid])
    expect(await ids({ conditions: [{ type: 'salesAtLeast', count: 1, period: 'last_month' }] })).toEqual([bob])
    expect(await ids({ conditions: [{ type: 'salesAtLeast', count: 2, period: 'lifetime' }] })).toEqual([])
    expect(await ids({ conditions: [{ type: 'revenueAtLeast', amountMinor: 5000, currency: 'usd', period: 'last_month' }] })).toEqual([bob])
    expect(await ids({ conditions: [{ type: 'revenueAtLeast', amountMinor: 5001, currency: 'USD', period: 'last_month' }] })).toEqual([])
    expect(await ids({ conditions: [{ type: 'revenueAtLeast', amountMinor: 2000, currency: 'EUR', period: 'this_month' }] })).toEqual([cid])
    expect(await ids({ conditions: [{ type: 'revenueAtLeast', amountMinor: 1, currency: 'USD', period: 'this_month' }] })).toEqual([])
  })

  it('counts "last 30 days" as the console does: the 30 whole UTC days ending today', async () => {
    const ada = await partner('Ada')
    await partner('Bob')
    ctx.clock.set('2026-04-10T20:00:00.000Z') // 29 days 19½ hours before now, but on the 31st day back
    await sell('BOB', 1000)
    ctx.clock.set('2026-04-11T01:00:00.000Z') // the first of the 30 days
    await sell('ADA', 1000)
    ctx.clock.set('2026-05-10T15:30:00.000Z')

    const overview = await afflio.program.overview({ days: 30 })
    expect(overview.from).toBe('2026-04-11T00:00:00.000Z')
    expect(overview.sales).toBe(1)
    expect(await ids({ conditions: [{ type: 'salesAtLeast', count: 1, period: 'last_30_days' }] })).toEqual([ada])
    expect(await ids({ conditions: [{ type: 'revenueAtLeast', amountMinor: 1000, currency: 'USD', period: 'last_30_days' }] })).toEqual([ada])
    expect(await ids({ conditions: [{ type: 'clicksAtLeast', count: 1, period: 'last_30_days' }] })).toEqual([ada])
  })

  it('finds dormant partners exactly at the boundary: a click N days old still counts', async () => {
    const ada = await partner('Ada')
    const never = await partner('Never')
    const clickedAt = new Date('2026-05-10T12:00:00.000Z')
    await click('ADA')
    const dormant = { conditions: [{ type: 'lastClickOlderThanDays', days: 30 }] } satisfies SegmentDefinition
    const seg = await afflio.segments.create({ name: 'Dormant', definition: dormant })

    ctx.clock.set(new Date(clickedAt.getTime() + 30 * 86_400_000).toISOString())
    expect((await afflio.segments.get(seg.id)).count).toBe(1)
    expect(await partnerInSegment(ctx.db, keys.program.id, seg.id, ada, ctx.clock.now())).toBe(false)
    expect(await partnerInSegment(ctx.db, keys.program.id, seg.id, never, ctx.clock.now())).toBe(true)

    ctx.clock.set(new Date(clickedAt.getTime() + 30 * 86_400_000 + 1).toISOString())
    expect((await afflio.segments.get(seg.id)).count).toBe(2)
    expect(await partnerInSegment(ctx.db, keys.program.id, seg.id, ada, ctx.clock.now())).toBe(true)
    expect(await segmentPartnerIds(ctx.db, keys.program.id, seg.id, ctx.clock.now())).toEqual(sorted(ada, never))

    await click('ADA') // back in business
    expect(await segmentPartnerIds(ctx.db, keys.program.id, seg.id, ctx.clock.now())).toEqual([never])
  })

  it('keeps every member when the retention deletes old raw clicks: counts by day from the rollups, dormancy by the last click', async () => {
    await afflio.settings.update({ clickRetentionDays: 30 })
    const ada = await partner('Ada')
    const bob = await partner('Bob')
    const cid = await partner('Cid')
    ctx.clock.set('2025-06-01T12:00:00.000Z') // long past the retention
    await click('ADA')
    await click('ADA')
    await click('ADA')
    await click('BOB')
    ctx.clock.set('2026-05-09T12:00:00.000Z')
    await click('BOB')
    ctx.clock.set('2026-05-10T12:00:00.000Z')

    const defs: SegmentDefinition[] = [
      { conditions: [{ type: 'clicksAtLeast', count: 3, period: 'lifetime' }] },
      { conditions: [{ type: 'clicksAtLeast', count: 1, period: 'last_365_days' }] },
      { conditions: [{ type: 'clicksAtLeast', count: 2, period: 'this_year' }] },
      { conditions: [{ type: 'lastClickOlderThanDays', days: 100 }] },
      { conditions: [{ type: 'lastClickOlderThanDays', days: 400 }] },
    ]
    const members = async () => {
      const out: string[][] = []
      for (const def of defs) out.push(await ids(def))
      return out
    }
    const before = await members()
    expect(before).toEqual([[ada], sorted(ada, bob), [], sorted(ada, cid), [cid]])
    expect(await pruneClicks(ctx.db, ctx.clock.now())).toBe(4) // every click but Bob's recent one
    expect(await members()).toEqual(before)
  })

  it('takes the top 10% by last quarter net revenue: ceil of partners with revenue, ties kept', async () => {
    ctx.clock.set('2026-02-15T12:00:00.000Z') // Q1
    const earners: string[] = []
    const invoices: string[] = []
    for (let i = 1; i <= 11; i++) {
      earners.push(await partner(`E${i}`))
      invoices.push(await sell(`E${i}`, i * 100))
    }
    const idle = await partner('Idle') // no revenue: not part of the field
    ctx.clock.set('2026-05-10T12:00:00.000Z') // Q2: last_quarter is Q1
    const big = await sell('IDLE', 999_999) // this quarter: does not count
    void big
    const top10 = { conditions: [{ type: 'revenueTopPercent', percent: 10, period: 'last_quarter' }] } satisfies SegmentDefinition

    // 11 partners with revenue: ceil(1.1) = 2
    expect(await ids(top10)).toEqual(sorted(earners[10]!, earners[9]!))

    // A full refund takes E11 out of the field: 10 left, ceil(1.0) = 1
    await afflio.track.refund({ invoiceId: invoices[10]! })
    expect(await ids(top10)).toEqual([earners[9]!])

    // A partial refund lowers E10 to a tie with E9 (900): the cut is 1 partner, everyone tied with it is in
    await afflio.track.refund({ invoiceId: invoices[9]!, amountMinor: 100 })
    expect(await ids(top10)).toEqual(sorted(earners[8]!, earners[9]!))

    expect(await ids({ conditions: [{ type: 'revenueTopPercent', percent: 100, period: 'last_quarter' }] })).toHaveLength(10)
    expect(await ids({ conditions: [{ type: 'revenueTopPercent', percent: 10, period: 'this_quarter' }] })).toEqual([idle])
    expect(await ids({ conditions: [{ type: 'revenueTopPercent', percent: 10, period: 'last_quarter', currency: 'EUR' }] })).toEqual([])
  })

  it('segments by tier as the partner sees it, and bulk set_tier pins a tier that commissions honour', async () => {
    const ada = await partner('Ada')
    const bob = await partner('Bob')
    const cid = await partner('Cid')
    const vip = await afflio.groups.create({ name: 'VIP' })
    await afflio.partners.update(cid, { groupId: vip.id })
    await afflio.rules.create({ name: 'vip flat', event: 'sale', type: 'percent', value: 1500, groupId: vip.id }) // no tiers
    await afflio.rules.create({
      name: 'tiered',
      event: 'sale',
      type: 'percent',
      value: 1000,
      tiers: [
        { name: 'Silver', from: 2, value: 2000 },
        { name: 'Gold', from: 4, value: 3000 },
      ],
      tierMetric: 'sales',
    })
    for (let i = 0; i < 2; i++) await sell('BOB', 1000)
    await sell('CID', 1000)

    expect((await afflio.partners.tier(bob))?.tier?.name).toBe('Silver')
    expect(await ids({ conditions: [{ type: 'tier', in: ['Silver'] }] })).toEqual([bob])
    expect(await ids({ conditions: [{ type: 'tier', none: true }] })).toEqual(sorted(ada, cid))
    expect(await ids({ conditions: [{ type: 'tier', in: ['Gold'] }] })).toEqual([])

    const noTier = await afflio.segments.create({ name: 'No tier', definition: { conditions: [{ type: 'tier', none: true }] } })
    const pinned = await afflio.partners.bulk({ segmentId: noTier.id, action: 'set_tier', tier: 'Gold' })
    expect(pinned).toEqual({ action: 'set_tier', matched: 2, changed: 2 })
    // Ada's rule has Gold: she is Gold now and earns at it; Cid's rule has no tiers, so nothing changes for him
    expect((await afflio.partners.tier(ada))?.tier?.name).toBe('Gold')
    expect(await ids({ conditions: [{ type: 'tier', in: ['Gold'] }] })).toEqual([ada])
    const inv = await sell('ADA', 10_000)
    const sale = (await afflio.commissions.list({ partnerId: ada })).data[0]!
    expect(sale).toMatchObject({ amountMinor: 3000, tier: 'Gold' })
    expect(inv).toBeTruthy()
    expect((await afflio.track.sale({ invoiceId: `in_${++n}`, amountMinor: 10_000, currency: 'USD', clickId: await click('CID') })).commission!.amountMinor).toBe(1500)

    expect(await status(afflio.partners.bulk({ partnerIds: [ada], action: 'set_tier', tier: 'Platinum' }))).toEqual({ status: 400, code: 'invalid_request' })
    expect(await afflio.partners.bulk({ partnerIds: [ada, bob], action: 'set_tier', tier: null })).toEqual({ action: 'set_tier', matched: 2, changed: 1 })
    expect((await afflio.partners.tier(ada))?.tier).toBeNull() // one sale: back to the base rate
  })

  it('keeps a live count, pages its partners, updates and deletes', async () => {
    const active = { conditions: [{ type: 'status', in: ['active'] }] } satisfies SegmentDefinition
    const seg = await afflio.segments.create({ name: 'Active', description: 'everyone promoting', definition: active })
    expect(seg).toMatchObject({ name: 'Active', description: 'everyone promoting', count: 0, definition: active })
    const made: string[] = []
    for (let i = 0; i < 5; i++) {
      ctx.clock.advanceDays(0.001) // ids sort by creation time, to the millisecond
      made.push(await partner(`P${i}`))
    }
    expect((await afflio.segments.get(seg.id)).count).toBe(5)
    expect(await afflio.segments.preview(active)).toMatchObject({ count: 5, sample: expect.any(Array) })
    expect((await afflio.segments.preview(active)).sample.map((p) => p.id)).toEqual([...made].reverse())

    const first = await afflio.segments.partners(seg.id, { limit: 2 })
    expect(first.data.map((p) => p.id)).toEqual([made[4], made[3]])
    const all = []
    for await (const p of afflio.segments.partnersAll(seg.id, { limit: 2 })) all.push(p.id)
    expect(all).toEqual([...made].reverse())

    await afflio.partners.update(made[0]!, { status: 'suspended' })
    expect((await afflio.segments.get(seg.id)).count).toBe(4)
    expect((await afflio.segments.list()).data).toEqual([expect.objectContaining({ id: seg.id, count: 4 })])

    const updated = await afflio.segments.update(seg.id, { name: 'Suspended', definition: { conditions: [{ type: 'status', in: ['suspended'] }] } })
    expect(updated).toMatchObject({ name: 'Suspended', description: 'everyone promoting', count: 1 })
    expect(await status(afflio.segments.create({ name: 'Suspended', definition: active }))).toEqual({ status: 409, code: 'conflict' })

    expect((await afflio.segments.delete(seg.id)).id).toBe(seg.id)
    expect(await status(afflio.segments.get(seg.id))).toEqual({ status: 404, code: 'not_found' })
    expect(await status(afflio.partners.bulk({ segmentId: seg.id, action: 'set_status', status: 'active' }))).toEqual({ status: 404, code: 'not_found' })
    await expect(segmentPartnerIds(ctx.db, keys.program.id, seg.id, ctx.clock.now())).rejects.toMatchObject({ status: 404 })
    expect((await afflio.segments.list()).data).toEqual([])
    expect((await afflio.segments.create({ name: 'Suspended', definition: active })).count).toBe(4) // the name is free again
  })

  it('moves groups and sets status in bulk, reporting matched and changed', async () => {
    const a = await partner('Ann', { country: 'DE' })
    const b = await partner('Ben', { country: 'DE' })
    const c = await partner('Cat', { country: 'US' })
    const eu = await afflio.groups.create({ name: 'EU' })
    await afflio.partners.update(a, { groupId: eu.id })
    const germans = await afflio.segments.create({ name: 'Germany', definition: { conditions: [{ type: 'country', in: ['DE'] }] } })

    expect(await afflio.partners.bulk({ segmentId: germans.id, action: 'move_group', groupId: eu.id })).toEqual({ action: 'move_group', matched: 2, changed: 1 })
    expect(await ids({ conditions: [{ type: 'group', in: [eu.id] }] })).toEqual(sorted(a, b))
    expect(await afflio.partners.bulk({ segmentId: germans.id, action: 'move_group', groupId: eu.id })).toEqual({ action: 'move_group', matched: 2, changed: 0 })
    expect(await afflio.partners.bulk({ partnerIds: [a, c], action: 'move_group', groupId: null })).toEqual({ action: 'move_group', matched: 2, changed: 1 })
    expect(await afflio.partners.bulk({ segmentId: germans.id, action: 'set_status', status: 'suspended' })).toEqual({ action: 'set_status', matched: 2, changed: 2 })
    expect((await afflio.partners.get(c)).status).toBe('active')
    expect((await afflio.partners.get(b)).status).toBe('suspended')
  })

  it('pays just the segment: a payout run limited to its partners', async () => {
    const fetchPortal = async (id: string) => {
      const { token } = await afflio.embedTokens.create({ partnerId: id })
      await new AfflioPortal({ token, baseUrl: 'http://afflio.test', fetch: fetchApp, maxRetries: 0 }).payoutDetails.update({ method: 'paypal', email: `${id}@pay.test` })
    }
    const a = await partner('Ann', { country: 'DE' })
    const b = await partner('Ben', { country: 'DE' })
    const c = await partner('Cat', { country: 'US' })
    for (const id of [a, b, c]) await fetchPortal(id)
    await sell('ANN', 100_000)
    await sell('CAT', 100_000)
    ctx.clock.advanceDays(31) // past the holding period
    const germans = await afflio.segments.create({ name: 'Germany', definition: { conditions: [{ type: 'country', in: ['DE'] }] } })

    const res = await afflio.partners.bulk({ segmentId: germans.id, action: 'pay' })
    expect(res).toMatchObject({ action: 'pay', matched: 2, changed: 1 })
    expect(res.payoutRun!.payouts.map((p) => [p.partnerId, p.amountMinor])).toEqual([[a, 10_000]])
    // C is owed still, and a normal run pays him
    const rest = await afflio.payouts.runs.create()
    expect(rest.payouts.map((p) => p.partnerId)).toEqual([c])
  })

  it('records who created, changed and deleted a segment, with its definition, in the audit log; a refused write records nothing', async () => {
    // A segment picks who newsletters, challenges and bulk actions reach: changing it must name who did it.
    const dana = client((await afflio.consoleTokens.create({ manager: 'dana@acme.test' })).token)
    const de: SegmentDefinition = { conditions: [{ type: 'country', in: ['DE'] }] }
    const fr: SegmentDefinition = { conditions: [{ type: 'country', in: ['FR'] }] }
    const seg = await dana.segments.create({ name: 'Germany', definition: de })
    await afflio.segments.create({ name: 'Taken', definition: fr })
    expect(await status(dana.segments.update(seg.id, { name: 'Taken' }))).toMatchObject({ status: 409 })
    const changed = await dana.segments.update(seg.id, { definition: fr })
    await dana.segments.delete(seg.id)
    const log = (await afflio.auditLog.list({ subjectType: 'segment', subjectId: seg.id })).data
    const actor = { kind: 'console', id: 'dana@acme.test' }
    expect(log).toMatchObject([
      { action: 'segment.deleted', actor, before: { name: 'Germany', definition: changed.definition }, after: null },
      { action: 'segment.changed', actor, before: { definition: seg.definition }, after: { definition: changed.definition } },
      { action: 'segment.created', actor, before: null, after: { name: 'Germany', description: null, definition: seg.definition } },
    ])
    expect(log[1]!.after).not.toHaveProperty('name')
  })

  it('keeps programs apart', async () => {
    const ada = await partner('Ada', { country: 'DE' })
    const other = await ctx.createProgram({ name: 'Other', currency: 'USD' })
    const them = client(other.secretKey)
    const theirs = await them.partners.create({ email: 'zed@p.test', linkCode: 'ZED', country: 'DE' })
    const theirGroup = await them.groups.create({ name: 'Theirs' })
    await click('ZED', other.publishableKey)

    const mine = await afflio.segments.create({ name: 'Germany', definition: { conditions: [{ type: 'country', in: ['DE'] }] } })
    expect(mine.count).toBe(1)
    expect(await segmentPartnerIds(ctx.db, keys.program.id, mine.id, ctx.clock.now())).toEqual([ada])
    expect(await status(them.segments.get(mine.id))).toEqual({ status: 404, code: 'not_found' })
    expect(await status(them.segments.partners(mine.id))).toEqual({ status: 404, code: 'not_found' })
    expect(await status(them.partners.bulk({ segmentId: mine.id, action: 'set_status', status: 'suspended' }))).toEqual({ status: 404, code: 'not_found' })
    expect(await status(them.partners.bulk({ partnerIds: [ada], action: 'set_status', status: 'suspended' }))).toEqual({ status: 404, code: 'not_found' })
    expect(await status(afflio.partners.bulk({ partnerIds: [ada], action: 'move_group', groupId: theirGroup.id }))).toEqual({ status: 404, code: 'not_found' })
    expect(await status(afflio.segments.preview({ conditions: [{ type: 'group', in: [theirGroup.id] }] }))).toEqual({ status: 404, code: 'not_found' })
    await expect(segmentPartnerIds(ctx.db, other.program.id, mine.id, ctx.clock.now())).rejects.toMatchObject({ status: 404 })
    // Their click does not make our dormant segment smaller, nor count as ours
    expect((await afflio.segments.preview({ conditions: [{ type: 'clicksAtLeast', count: 1, period: 'lifetime' }] })).count).toBe(0)
    expect((await them.segments.preview({ conditions: [{ type: 'lastClickOlderThanDays', days: 1 }] })).count).toBe(0)
    expect((await afflio.partners.get(ada)).status).toBe('active')
    expect(theirs.country).toBe('DE')
  })

  it('answers invalid definitions and bulk requests with 400', async () => {
    const post = async (path: string, body: unknown) => {
      const res = await ctx.app.request(path, { method: 'POST', headers: { authorization: `Bearer ${keys.secretKey}` }, body: JSON.stringify(body) })
      return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string } } }
    }
    const bad: unknown[] = [
      { conditions: [{ type: 'nope' }] },
      { conditions: [{ type: 'group' }] },
      { conditions: [{ type: 'group', in: ['grp_x'] }] },
      { conditions: [{ type: 'country', in: ['UK'] }] },
      { conditions: [{ type: 'status', in: [] }] },
      { conditions: [{ type: 'status', in: ['gone'] }] },
      { conditions: [{ type: 'joined' }] },
      { conditions: [{ type: 'joined', after: '2026-02-01', before: '2026-01-01' }] },
      { conditions: [{ type: 'joined', after: 'yesterday' }] },
      { conditions: [{ type: 'lastClickOlderThanDays', days: 0 }] },
      { conditions: [{ type: 'revenueTopPercent', percent: 0, period: 'last_quarter' }] },
      { conditions: [{ type: 'revenueTopPercent', percent: 100.5, period: 'last_quarter' }] },
      { conditions: [{ type: 'revenueTopPercent', percent: 10.001, period: 'last_quarter' }] },
      { conditions: [{ type: 'revenueTopPercent', percent: 10, period: 'last_decade' }] },
      { conditions: [{ type: 'revenueAtLeast', amountMinor: 10.5, currency: 'USD', period: 'lifetime' }] },
      { conditions: [{ type: 'salesAtLeast', count: 1 }] },
      { conditions: [{ type: 'clicksAtLeast', count: 1, period: 'lifetime', extra: true }] },
      { conditions: {} },
      { conditions: [], all: [] },
    ]
    for (const definition of bad) {
      const r = await post('/v1/segments/preview', { definition })
      expect({ definition, status: r.status, code: r.body.error?.code }).toEqual({ definition, status: 400, code: 'invalid_request' })
      expect((await post('/v1/segments', { name: 'x', definition })).status).toBe(400)
    }
    expect((await post('/v1/segments', { definition: { conditions: [] } })).status).toBe(400)
    expect((await post('/v1/segments/preview', { definition: { conditions: [{ type: 'group' }] } })).body.error!.message).toMatch(/group/)

    const p = await partner('Ada')
    const seg = await afflio.segments.create({ name: 'All', definition: { conditions: [] } })
    for (const body of [
      { action: 'set_status', status: 'active' },
      { segmentId: seg.id, partnerIds: [p], action: 'set_status', status: 'active' },
      { partnerIds: [], action: 'set_status', status: 'active' },
      { segmentId: seg.id, action: 'explode' },
      { segmentId: seg.id, action: 'set_status' },
      { segmentId: seg.id, action: 'move_group' },
      { segmentId: seg.id, action: 'set_status', status: 'gone' },
    ]) {
      expect({ body, status: (await post('/v1/partners/bulk', body)).status }).toEqual({ body, status: 400 })
    }
    const patch = await ctx.app.request(`/v1/segments/${seg.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${keys.secretKey}` },
      body: JSON.stringify({ definition: { conditions: [{ type: 'tier' }] } }),
    })
    expect(patch.status).toBe(400)
    expect((await afflio.segments.get(seg.id)).definition).toEqual({ conditions: [] })
  })
})
