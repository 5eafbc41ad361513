import { describe, expect, it } from 'vitest'
import { emailRetryDelayMs, fromHeader, newsletterEmail, notificationEmail, unsubscribeUrl } from './email-content.ts'

describe('email content', () => {
  it('builds a newsletter with an unsubscribe link and RFC 8058 headers', () => {
    const url = unsubscribeUrl('https://aff.acme.test/', 'un_abc')
    expect(url).toBe('https://aff.acme.test/v1/unsubscribe/un_abc')
    const e = newsletterEmail({ programName: 'Acme <Partners>', subject: 'News', body: '**Hi**', format: 'markdown', unsubscribeUrl: url })
    expect(e.headers).toEqual({ 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' })
    expect(e.text).toContain(`Unsubscribe: ${url}`)
    expect(e.html).toContain('<strong>Hi</strong>')
    expect(e.html).toContain(`<a href="${url}">Unsubscribe</a>`)
    expect(e.html).toContain('Acme &lt;Partners&gt;')
  })

  it('builds a notification without list headers, escaped', () => {
    const e = notificationEmail({ programName: 'Acme', subject: 'Approved', body: 'You <are> in' })
    expect(e.headers).toEqual({})
    expect(e.html).toContain('You &lt;are&gt; in')
    expect(e.text).toBe('You <are> in\n\n--\nAcme\n')
  })

  it('puts the program name on the configured address', () => {
    expect(fromHeader('Afflio <no-reply@acme.test>', 'Acme')).toEqual({ name: 'Acme', address: 'no-reply@acme.test' })
    expect(fromHeader('mail@acme.test', 'Acme')).toEqual({ name: 'Acme', address: 'mail@acme.test' })
  })

  it('backs off, then gives up after six attempts', () => {
    expect([1, 2, 3, 4, 5, 6].map(emailRetryDelayMs)).toEqual([60_000, 300_000, 1_800_000, 7_200_000, 21_600_000, null])
  })
})
