import { describe, expect, it } from 'vitest'
import { applicantNameShown, NAME_SHOWN_MAX, recruitNotice } from './recruit-notice.ts'

describe('recruitNotice', () => {
  const phish = 'Visit https://phish.example/login <b>now</b> to claim your bonus'

  it('never puts the applicant’s text in the subject', () => {
    for (const stage of ['applied', 'approved'] as const) {
      expect(recruitNotice(stage, { programName: 'Acme', applicantName: phish }).subject).not.toMatch(/phish|Visit/)
      expect(recruitNotice(stage, { programName: 'Acme', applicantName: 'Rob' }).subject).not.toContain('Rob')
    }
  })

  it('leaves a name a mail client could link out of the body', () => {
    const { body } = recruitNotice('applied', { programName: 'Acme', applicantName: phish })
    expect(body).toMatch(/^Someone applied to the Acme partner program/)
    expect(body).not.toMatch(/phish|Visit/)
  })

  it('shows a plain name', () => {
    expect(recruitNotice('approved', { programName: 'Acme', applicantName: 'Rob' }).body).toMatch(/^Rob applied to the Acme partner program/)
  })
})

describe('applicantNameShown', () => {
  it('keeps a name on one line, without control or direction characters', () => {
    expect(applicantNameShown('  Rob\n\tSmith ')).toBe('Rob Smith')
    expect(applicantNameShown('Rob\u202Eevil\u0007')).toBe('Rob evil')
    expect(applicantNameShown('Dr. J.R. O’Brien-Núñez')).toBe('Dr. J.R. O’Brien-Núñez')
  })

  it('is null without a name, or when any part of it looks like a link or an address', () => {
    for (const name of [null, '', '   ', 'https://x.test', 'hxxp://x', 'go to www.evil', 'phish.example/login', 'Rob bob@mail.test', 'Rob from evil.co', 'Rob evil。com', 'x.io'])
      expect(applicantNameShown(name), String(name)).toBeNull()
  })

  it(`shortens a long name to ${NAME_SHOWN_MAX} characters`, () => {
    const long = applicantNameShown('Bartholomew '.repeat(10))!
    expect(long.startsWith('Bartholomew Bartholomew Bartholomew')).toBe(true)
    expect(Array.from(long).length).toBeLessThanOrEqual(NAME_SHOWN_MAX)
    expect(long.endsWith('…')).toBe(true)
    expect(Array.from(applicantNameShown('😀'.repeat(50))!)).toHaveLength(NAME_SHOWN_MAX)
  })
})
