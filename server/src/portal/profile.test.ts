// A partner edits its own profile in the portal (PATCH /v1/portal/me): validated, canonical social URLs,
// seen by the program with an audit entry naming the partner; another partner's token changes only its own.
import { Afflio, AfflioApiError, AfflioPortal } from '@afflio/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, dialects, type TestContext } from '../testing.ts'

describe.each(dialects)('portal profile on %s', (dialect) => {
  let ctx: TestContext
  let afflio: Afflio
  const fetchApp: typeof fetch = async (input, init) => ctx.app.request(input as string, init)
  const portalOf = async (partnerId: string) => new AfflioPortal({ token: (await afflio.embedTokens.create({ partnerId })).token, baseUrl: 'http://afflio.test', fetch: fetchApp, maxRetries: 0 })
  const failure = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as AfflioApiError)

  beforeAll(async () => {
    ctx = await createTestContext({ dialect })
    const keys = await ctx.createProgram()
    afflio = new Afflio({ secretKey: keys.secretKey, baseUrl: 'http://afflio.test', fetch: fetchApp, maxRetries: 0 })
  })
  afterAll(() => ctx.close())

  it('saves name, website and social profiles, and the program sees who changed what', async () => {
    const ada = await afflio.partners.create({ email: 'ada@example.com', name: 'Ada' })
    const bob = await afflio.partners.create({ email: 'bob@example.com', name: 'Bob' })
    const portal = await portalOf(ada.id)

    const me = await portal.updateProfile({ name: 'Ada Lovelace', website: 'https://ada.dev', social: { x: '@ada', youtube: 'https://youtube.com/@AdaCodes', linkedin: 'ada-lovelace' } })
    expect(me.partner).toMatchObject({
      name: 'Ada Lovelace',
      website: 'https://ada.dev',
      social: { x: 'https://x.com/ada', youtube: 'https://www.youtube.com/@AdaCodes', linkedin: 'https://www.linkedin.com/in/ada-lovelace' },
    })
    // Fields left out stay; null clears.
    const after = await portal.updateProfile({ website: null, social: { youtube: null, instagram: 'ada.codes' } })
    expect(after.partner).toMatchObject({ name: 'Ada Lovelace', website: null, social: { x: 'https://x.com/ada', instagram: 'https://www.instagram.com/ada.codes', linkedin: 'https://www.linkedin.com/in/ada-lovelace' } })
    expect(after.partner.social.youtube).toBeUndefined()
    expect(await portal.me()).toEqual(after)

    expect(await afflio.partners.get(ada.id)).toMatchObject({ name: 'Ada Lovelace', website: null, social: after.partner.social })
    expect((await afflio.partners.get(bob.id))).toMatchObject({ name: 'Bob', website: null, social: {} })
    const audit = (await afflio.auditLog.list({ subjectId: ada.id, actorKind: 'partner' })).data
    expect(audit).toMatchObject([
      { action: 'partner.changed', actor: { kind: 'partner', id: ada.id, label: 'ada@example.com' }, before: { website: 'https://ada.dev' }, after: { website: null } },
      { action: 'partner.changed', actor: { kind: 'partner', id: ada.id }, before: { name: 'Ada', website: null, social: {} }, after: { name: 'Ada Lovelace', website: 'https://ada.dev' } },
    ])
  })

  it('records where the partner is paid, each time it changes, with the partner as who changed it', async () => {
    // A stolen portal session's first move is the payout address: the program must be able to see it moved.
    const dee = await afflio.partners.create({ email: 'dee@example.com', name: 'Dee' })
    const portal = await portalOf(dee.id)
    await portal.payoutDetails.update({ method: 'paypal', email: 'dee@pay.example' })
    await portal.payoutDetails.update({ method: 'paypal', email: 'dee@pay.example' }) // the same again: nothing changed
    await portal.payoutDetails.update({ method: 'bank', accountRef: 'DE89 3704 0044 0532 0130 00' })
    const audit = (await afflio.auditLog.list({ subjectId: dee.id, action: 'partner.changed' })).data
    expect(audit).toMatchObject([
      { actor: { kind: 'partner', id: dee.id }, before: { payoutMethod: 'paypal', payoutTo: 'dee@pay.example' }, after: { payoutMethod: 'bank', payoutTo: 'DE89370400440532013000' } },
      { actor: { kind: 'partner', id: dee.id, label: 'dee@example.com' }, before: { payoutMethod: null, payoutTo: null }, after: { payoutMethod: 'paypal', payoutTo: 'dee@pay.example' } },
    ])
  })

  it('refuses what is not a website or a profile on the network, saying which field', async () => {
    const cy = await afflio.partners.create({ email: 'cy@example.com', name: 'Cy' })
    const portal = await portalOf(cy.id)
    expect(await failure(portal.updateProfile({ website: 'javascript:alert(1)' }))).toMatchObject({ status: 400, field: 'website' })
    expect(await failure(portal.updateProfile({ social: { instagram: 'https://x.com/cy' } }))).toMatchObject({ status: 400, field: 'social.instagram', message: 'social.instagram: is not an address on Instagram (instagram.com)' })
    expect(await failure(portal.updateProfile({ social: { x: 'cy with spaces' } }))).toMatchObject({ status: 400, field: 'social.x' })
    expect(await failure(portal.updateProfile({ name: '  ' }))).toMatchObject({ status: 400, field: 'name' })
    expect(await failure(portal.updateProfile({ email: 'new@example.com' } as never))).toMatchObject({ status: 400 })
    expect((await afflio.partners.get(cy.id))).toMatchObject({ name: 'Cy', email: 'cy@example.com', social: {} })
  })
})
