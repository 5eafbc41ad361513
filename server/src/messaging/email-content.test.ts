import { describe, expect, it } from 'vitest'
import type { CommissionReason } from '@afflio/sdk/types'
import { commissionInWords, emailRetryDelayMs, fromHeader, newsletterEmail, noticeEmail, notificationEmail, textOn, unsubscribeUrl } from './email-content.ts'

/** The reason an email gives for a commission (of nothing: one step says no amount paid). */
const reasonInWords = (reasonData: CommissionReason) => commissionInWords({ amountMinor: 0, currency: 'USD', reason: '', reasonData }).replace(/^USD 0\.00 \((.*)\)$/, '$1')

describe('email content', () => {
  it('builds a newsletter with an unsubscribe link and RFC 8058 headers', () => {
    const url = unsubscribeUrl('https://aff.acme.test/', 'un_abc')
    expect(url).toBe('https://aff.acme.test/v1/unsubscribe/un_abc')
    const e = newsletterEmail({ programName: 'Acme <Partners>', brandColor: null, subject: 'News', body: '**Hi**', format: 'markdown', unsubscribeUrl: url })
    expect(e.headers).toEqual({ 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' })
    expect(e.text).toContain(`Stop newsletter emails: ${url}`)
    expect(e.html).toContain('<strong>Hi</strong>')
    expect(e.html).toContain(`<a href="${url}" style="color:#5b6475">Unsubscribe from newsletter emails</a>`)
    expect(e.html).toContain('Acme &lt;Partners&gt;')
    expect(e.html).toContain('background:#2b59c3;color:#ffffff') // the default band
  })

  it('builds a notice in the brand colour, with its kind’s unsubscribe link', () => {
    const url = 'https://aff.acme.test/v1/unsubscribe/n1.x'
    const e = noticeEmail({ programName: 'Acme', brandColor: '#FFD500', title: 'You earned USD 10.00', body: 'Nice <work>\nline two', kindWords: 'new commissions', unsubscribeUrl: url })
    expect(e.subject).toBe('You earned USD 10.00')
    expect(e.headers['List-Unsubscribe']).toBe(`<${url}>`)
    expect(e.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click')
    expect(e.html).toContain('background:#ffd500;color:#000000') // dark text on a light brand
    expect(e.html).toContain('Nice &lt;work&gt;')
    expect(e.html).toContain('Unsubscribe from emails about new commissions')
    expect(e.text).toBe(`Nice <work>\nline two\n\n--\nYou receive this as a partner of Acme. Stop emails about new commissions: ${url}\n`)
    // A colour that is not #rrggbb never reaches the style attribute.
    expect(noticeEmail({ programName: 'Acme', brandColor: 'red;x:url(evil)', title: 't', body: 'b', kindWords: 'k', unsubscribeUrl: url }).html).not.toContain('evil')
    expect([textOn('#000000'), textOn('#ffffff'), textOn('#2b59c3'), textOn('#ffd500')]).toEqual(['#ffffff', '#000000', '#ffffff', '#000000'])
  })

  it('builds a notification without list headers, escaped', () => {
    const e = notificationEmail({ programName: 'Acme', brandColor: '#112233', subject: 'Approved', body: 'You <are> in' })
    expect(e.headers).toEqual({})
    expect(e.html).toContain('You &lt;are&gt; in')
    expect(e.html).toContain('background:#112233')
    expect(e.text).toBe('You <are> in\n\n--\nAcme\n')
  })

  it('puts the program name on the configured address', () => {
    expect(fromHeader('Afflio <no-reply@acme.test>', 'Acme')).toEqual({ name: 'Acme', address: 'no-reply@acme.test' })
    expect(fromHeader('mail@acme.test', 'Acme')).toEqual({ name: 'Acme', address: 'mail@acme.test' })
  })

  it('backs off, then gives up after six attempts', () => {
    expect([1, 2, 3, 4, 5, 6].map(emailRetryDelayMs)).toEqual([60_000, 300_000, 1_800_000, 7_200_000, 21_600_000, null])
  })

  it('says why a commission has its amount, with money by ISO 4217 digits', () => {
    const lead = { kind: 'rule', basis: 'flat', rule: { id: 'rul_1', name: 'Lead bounty' }, event: 'lead', amountMinor: 1000, currency: 'USD', capped: false, tier: null } as const
    expect(reasonInWords(lead)).toBe('Lead bounty: USD 10.00 per lead')
    expect(reasonInWords({ ...lead, rule: { ...lead.rule, version: 3 } })).toBe('Lead bounty v3: USD 10.00 per lead')
    expect(reasonInWords({ ...lead, event: 'sale', amountMinor: 5000, currency: 'JPY', capped: true })).toBe('Lead bounty: JPY 5,000 per sale, up to the sale’s amount')
    const percent = { kind: 'rule', basis: 'percent', rule: { id: null, name: 'program default' }, rateBps: 1250, saleAmountMinor: 1_234_567, currency: 'KWD', tier: null } as const
    expect(reasonInWords(percent)).toBe('Program default: 12.5% of a KWD 1,234.567 sale')
    expect(reasonInWords({ ...percent, rule: { id: 'rul_2', name: 'Partners' }, tier: { name: 'Gold', metric: 'paid_customers', value: 12, from: 10, currency: null, pinned: false } })).toBe(
      'Partners: 12.5% of a KWD 1,234.567 sale (tier Gold: 12 paying customers, from 10)',
    )
    expect(reasonInWords({ ...percent, tier: { name: 'Gold', metric: 'revenue', value: 250_000, from: 100_000, currency: 'USD', pinned: false } })).toContain('(tier Gold: USD 2,500.00 revenue, from USD 1,000.00)')
    expect(reasonInWords({ ...percent, tier: { name: 'Gold', metric: 'sales', value: 0, from: 10, currency: null, pinned: true } })).toContain('(tier Gold, set by the program)')
    expect(reasonInWords({ kind: 'override', rateBps: 1000, sourceCommissionId: 'com_1', sourceAmountMinor: 2000, currency: 'USD', recruitedPartnerId: 'prt_1' })).toBe(
      '10% of USD 20.00 earned by a partner you recruited',
    )
    expect(reasonInWords({ kind: 'clawback', refundedMinor: 5000, saleAmountMinor: 10_000, currency: 'USD', afterPayout: true })).toBe('Refund of USD 50.00 on a USD 100.00 sale, after payout')
    expect(reasonInWords({ kind: 'clawback', cause: 'refund', refundedMinor: 5000, saleAmountMinor: 10_000, currency: 'USD', afterPayout: false })).toBe('Refund of USD 50.00 on a USD 100.00 sale')
    // Stored with the program's note before it was kept from the recruiter: told to the recruiter without it
    expect(reasonInWords({ kind: 'clawback', cause: 'fraud', fraudCommissionId: 'com_1', fraudAmountMinor: 123_456, currency: 'JPY', note: 'stolen card', afterPayout: true })).toBe(
      'JPY 123,456 earned by a partner you recruited, marked fraud after payout',
    )
    // Written since the note stays with the recruited partner's commission: without it
    expect(reasonInWords({ kind: 'clawback', cause: 'fraud', fraudCommissionId: 'com_1', fraudAmountMinor: 123_456, currency: 'JPY', afterPayout: true })).toBe('JPY 123,456 earned by a partner you recruited, marked fraud after payout')
    expect(reasonInWords({ kind: 'bonus', challengeId: 'chl_1', challengeName: 'Spring sprint' })).toBe('Bonus: challenge “Spring sprint” met')
    expect(commissionInWords({ amountMinor: 1000, currency: 'USD', reason: 'Lead bounty: flat 1000 USD minor units', reasonData: lead })).toBe('USD 10.00 (Lead bounty: USD 10.00 per lead)')
    // Recorded before reasons were data: the English text.
    expect(commissionInWords({ amountMinor: 2000, currency: 'USD', reason: 'program default: 20% of sale', reasonData: null })).toBe('USD 20.00 (program default: 20% of sale)')
  })

  it('says a split, stepped-down commission in steps adding up to its amount, the budget unnamed (a partner reads it)', () => {
    const reasonData: CommissionReason = {
      kind: 'rule',
      basis: 'percent',
      rule: { id: 'rul_1', name: 'Performance tiers', version: 1 },
      rateBps: 3500,
      saleAmountMinor: 10_000,
      currency: 'USD',
      tier: null,
      split: { via: 'click', shareBps: 5000, poolMinor: 3000, ruleMinor: 3500 },
      stepDown: { budgetId: 'bud_1', budgetName: 'Monthly', stepDownBps: 5000, fullAmountMinor: 1500 },
    }
    expect(commissionInWords({ amountMinor: 750, currency: 'USD', reason: '', reasonData })).toBe(
      'USD 7.50 (Performance tiers v1: 35% of a USD 100.00 sale = USD 35.00. ' +
        'Shared with another partner: 50% of USD 30.00, the lower of the two partners’ commissions = USD 15.00. ' +
        'The program’s commission budget for this period is reached: 50% of USD 15.00 = USD 7.50)',
    )
  })
})
