import { describe, expect, it } from 'vitest'
import { clickSpans } from './retention-rules.ts'

describe('clickSpans', () => {
  it("takes each partner's earliest and latest click, in any order", () => {
    const clicks = [
      { partner_id: 'prt_a', created_at: '2026-05-10T12:00:00.000Z' },
      { partner_id: 'prt_b', created_at: '2026-05-09T08:00:00.000Z' },
      { partner_id: 'prt_a', created_at: '2026-05-11T09:00:00.000Z' },
      { partner_id: 'prt_a', created_at: '2026-05-08T07:00:00.000Z' },
    ]
    expect(clickSpans(clicks)).toEqual([
      { partnerId: 'prt_a', first: '2026-05-08T07:00:00.000Z', last: '2026-05-11T09:00:00.000Z' },
      { partnerId: 'prt_b', first: '2026-05-09T08:00:00.000Z', last: '2026-05-09T08:00:00.000Z' },
    ])
    expect(clickSpans([])).toEqual([])
  })
})
