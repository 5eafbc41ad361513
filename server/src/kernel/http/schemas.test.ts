// The shared date validators: a day or an hour that does not exist is refused, never rolled over into the
// next month (Date takes 2026-02-30 for March 2).
import { describe, expect, it } from 'vitest'
import { dateOrTime, day, isoDate } from './schemas.ts'

const ok = (schema: typeof dateOrTime | typeof day | typeof isoDate, s: string) => schema.safeParse(s)

describe('dates', () => {
  it('takes a day or a timestamp with an offset, out as UTC', () => {
    expect(ok(dateOrTime, '2026-11-20').data).toBe('2026-11-20T00:00:00.000Z')
    expect(ok(dateOrTime, '2028-02-29').data).toBe('2028-02-29T00:00:00.000Z')
    expect(ok(dateOrTime, '2026-11-20T10:30:00+02:00').data).toBe('2026-11-20T08:30:00.000Z')
    expect(ok(dateOrTime, '2026-11-20 10:30Z').data).toBe('2026-11-20T10:30:00.000Z')
    expect(ok(dateOrTime, '2026-11-20T10:30:00.123Z').data).toBe('2026-11-20T10:30:00.123Z')
    expect(ok(day, '2026-12-31').data).toBe('2026-12-31')
    expect(ok(isoDate, '2026-11-20T10:30:00Z').data).toBe('2026-11-20T10:30:00.000Z')
  })

  it('refuses a day or an hour that does not exist, wherever a date is taken', () => {
    for (const s of ['2026-02-30', '2026-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-02-30T10:00:00Z', '2026-04-31 10:00:00+02:00', '2026-02-28T24:00:00Z', '2026-02-28T10:60Z', 'yesterday', '2026-11-20T10:00']) {
      expect([s, ok(dateOrTime, s).success]).toEqual([s, false])
    }
    for (const s of ['2026-02-30', '2026-02-29', '2026-06-31']) expect([s, ok(day, s).success]).toEqual([s, false])
    for (const s of ['2026-02-30T10:00:00Z', '2026-02-29T00:00:00Z', '2026-02-28T24:00:00Z']) expect([s, ok(isoDate, s).success]).toEqual([s, false])
    expect(ok(dateOrTime, '2026-02-30').error!.issues[0]!.message).toBe('is not a real date')
  })
})
