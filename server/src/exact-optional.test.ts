// A consumer compiled with `exactOptionalPropertyTypes` may pass `undefined` in any optional field, nested ones
// too (sdk/src/exact-optional.test.ts checks the types): the SDK's JSON leaves it out, so the server reads it as
// absent, the same answer as leaving the field out.
import { Afflio, AfflioPortal } from '@afflio/sdk'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestContext, dialects, type TestContext } from './testing.ts'

describe.each(dialects)('undefined in nested inputs on %s', (dialect) => {
  let ctx: TestContext
  let afflio: Afflio
  const fetchApp = async (i: RequestInfo | URL, init?: RequestInit) => ctx.app.request(i as string, init)

  beforeEach(async () => {
    ctx = await createTestContext({ dialect })
    const keys = await ctx.createProgram({ currency: 'USD' })
    afflio = new Afflio({ secretKey: keys.secretKey, baseUrl: 'http://afflio.test', fetch: fetchApp, maxRetries: 0 })
  })
  afterEach(() => ctx.close())

  it('is absent: segment conditions, import rows, form questions, answers, minimums and email preferences', async () => {
    const de = await afflio.partners.create({ email: 'de@p.test', name: 'De', country: 'DE' })
    await afflio.partners.create({ email: 'us@p.test', name: 'Us', country: 'US' })
    const preview = await afflio.segments.preview({ conditions: [{ type: 'country', in: ['DE'], none: undefined }, { type: 'joined', after: '2020-01-01', before: undefined }], any: undefined })
    expect(preview.sample.map((p) => p.id)).toEqual([de.id])

    const imported = await afflio.partners.import({ rows: [{ email: 'new@p.test', name: undefined, country: undefined, website: undefined, externalId: undefined, linkCode: undefined }], acceptUrl: 'https://app.test/join', dryRun: true })
    expect(imported.errors).toEqual([])

    const form = await afflio.applications.form.update({ questions: [{ id: 'site', label: 'Site', type: 'text', options: undefined, required: undefined }] })
    expect(form.questions).toEqual([{ id: 'site', label: 'Site', type: 'text', required: false }])
    const application = await afflio.applications.create({ email: 'ann@a.test', externalId: 'u_1', answers: { site: 'https://ann.test', other: undefined } })
    expect(application.answers).toEqual({ site: 'https://ann.test' })

    const settings = await afflio.settings.update({ payoutMinimums: { USD: 5000, EUR: undefined } })
    expect(settings.payoutMinimums).toEqual({ USD: 5000 })

    const { token } = await afflio.embedTokens.create({ partnerId: de.id })
    const portal = new AfflioPortal({ token, baseUrl: 'http://afflio.test', fetch: fetchApp, maxRetries: 0 })
    const prefs = await portal.notices.setPreferences({ emails: { payout_sent: false, message: undefined } })
    expect(prefs.emails).toMatchObject({ payout_sent: false, message: true })
  })
})
