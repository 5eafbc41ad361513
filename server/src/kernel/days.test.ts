import { describe, expect, it } from 'vitest'
import { addDays, lastDays } from './days.ts'

describe('UTC days', () => {
  it('adds days across months and years', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01')
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31')
  })

  it('takes the last N days with the last one: 30 days end on 6 December, start on 7 November', () => {
    expect(lastDays('2026-12-06', 30)).toEqual({ from: '2026-11-07', to: '2026-12-06' })
    expect(lastDays('2026-12-06', 1)).toEqual({ from: '2026-12-06', to: '2026-12-06' })
  })
})
