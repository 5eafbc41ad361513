// The program side of the demo, set up through the public SDK exactly as a program manager's backend
// would: marketplace listing, application form, applications waiting, a group, a tiered rule, a segment,
// a newsletter and a message thread. Everything here goes through the HTTP API.
import type { Afflio } from '@afflio/sdk'
import { AfflioPortal } from '@afflio/sdk/portal'
import type { CreateRuleInput } from '@afflio/sdk/types'

/** The rule every demo sale pays by. The site's copy, listing and newsletter are written from it, so they cannot drift. */
export const TIERED_RULE = {
  name: 'Performance tiers',
  event: 'sale',
  type: 'percent',
  value: 2500,
  tiers: [
    { name: 'Silver', from: 10, value: 3000 },
    { name: 'Gold', from: 25, value: 3500 },
  ],
  tierMetric: 'paid_customers',
  tierPeriod: 'lifetime',
} as const satisfies CreateRuleInput

export const percent = (bps: number) => `${bps / 100}%`
const TOP = TIERED_RULE.tiers[TIERED_RULE.tiers.length - 1]!

/** "25% of it, 30% from 10 paid customers (Silver) and 35% from 25 (Gold)" */
export function earningsCopy(rule = TIERED_RULE): string {
  const tiers = rule.tiers.map((t, i) => `${percent(t.value)} from ${t.from}${i === 0 ? ' paid customers' : ''} (${t.name})`)
  return `${percent(rule.value)} of it, ${tiers.join(' and ')}`
}

export async function seedProgram(afflio: Afflio, partnerIds: string[], baseUrl: string) {
  await afflio.marketplace.update({
    listed: true,
    slug: 'acme-analytics',
    description: `Product analytics for SaaS teams. Partners earn ${percent(TIERED_RULE.value)} of every payment for life, ${percent(TOP.value)} from ${TOP.from} paid customers.`,
    category: 'saas',
    websiteUrl: 'https://acme.test',
  })
  await afflio.applications.form.update({
    questions: [
      { id: 'website', label: 'Your website or channel', type: 'url', required: true },
      { id: 'audience', label: 'Who is your audience?', type: 'select', options: ['Developers', 'Marketers', 'Founders'], required: true },
      { id: 'terms', label: 'I accept the partner terms', type: 'checkbox', required: true },
    ],
  })
  for (const [email, name, site] of [
    ['dana@growthblog.test', 'Dana Reyes', 'https://growthblog.test'],
    ['eli@devtube.test', 'Eli Novak', 'https://devtube.test/@eli'],
  ] as const) {
    await afflio.applications.create({ email, name, answers: { website: site, audience: 'Developers', terms: true } })
  }

  const agencies = await afflio.groups.create({ name: 'Agencies' })
  await afflio.partners.update(partnerIds[2]!, { groupId: agencies.id })
  await afflio.rules.create(TIERED_RULE)
  const dormant = await afflio.segments.create({ name: 'Dormant (no click in 14 days)', definition: { conditions: [{ type: 'lastClickOlderThanDays', days: 14 }] } })
  await afflio.segments.create({ name: 'Top 10% by revenue, last quarter', definition: { conditions: [{ type: 'revenueTopPercent', percent: 10, period: 'last_quarter' }] } })

  const welcome = await afflio.newsletters.create({
    subject: `New: ${percent(TOP.value)} for ${TOP.name} partners`,
    body: `# ${TOP.name} tier\n\nFrom **${TOP.from} paid customers** you earn ${percent(TOP.value)} on every payment. Check your progress in the portal.`,
    format: 'markdown',
    audience: { all: true },
  })
  await afflio.newsletters.send(welcome.id)
  await afflio.threads.send(partnerIds[0]!, { body: 'Hi Alice, thanks for the great launch post! Need banners for the next one?', senderName: 'Sam (Acme partnerships)' })
  const now = Date.now()
  await afflio.challenges.create({
    name: 'December sprint: 10 sales',
    metric: 'sales',
    target: 10,
    startsAt: new Date(now - 7 * 86_400_000).toISOString(),
    endsAt: new Date(now + 30 * 86_400_000).toISOString(),
    reward: { amountMinor: 20_000, currency: 'USD' },
  })
  // Alice registers a prospect from her portal, as a partner would.
  const { token } = await afflio.embedTokens.create({ partnerId: partnerIds[0]! })
  const alice = new AfflioPortal({ token, baseUrl })
  await alice.deals.register({ company: 'Globex Corporation', contactName: 'Hank Scorpio', contactEmail: 'hank@globex.test', companyDomain: 'globex.test', estimatedValueMinor: 1_200_000, notes: 'Wants 40 seats; trial next week.' })
  return { dormantSegmentId: dormant.id }
}
