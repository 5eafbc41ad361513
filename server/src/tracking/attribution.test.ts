import { describe, expect, it } from 'vitest'
import { attribute, inWindow } from './attribution.ts'

const click = (id: string, partnerId: string, createdAt: string) => ({ id, partnerId, createdAt })
const settings = { windowDays: 30, model: 'last_click' as const }

describe('attribution', () => {
  it('credits the last click inside the window', () => {
    const clicks = [click('c1', 'A', '2026-01-01T00:00:00Z'), click('c2', 'B', '2026-01-10T00:00:00Z')]
    expect(attribute(clicks, '2026-01-20T00:00:00Z', settings)?.partnerId).toBe('B')
    expect(attribute(clicks, '2026-01-20T00:00:00Z', { ...settings, model: 'first_click' })?.partnerId).toBe('A')
  })

  it('ignores clicks outside the window and clicks after the sale', () => {
    const clicks = [click('c1', 'A', '2026-01-01T00:00:00Z'), click('c2', 'B', '2026-03-01T00:00:00Z')]
    expect(attribute(clicks, '2026-02-15T00:00:00Z', settings)).toBeNull()
    expect(attribute(clicks, '2026-01-31T00:00:00Z', settings)?.partnerId).toBe('A')
    expect(inWindow('2026-01-01T00:00:00Z', '2026-01-31T00:00:00.001Z', 30)).toBe(false)
  })

  it('does not depend on input order', () => {
    const a = [click('c2', 'B', '2026-01-10T00:00:00Z'), click('c1', 'A', '2026-01-01T00:00:00Z')]
    expect(attribute(a, '2026-01-20T00:00:00Z', settings)?.id).toBe('c2')
    expect(attribute([], '2026-01-20T00:00:00Z', settings)).toBeNull()
  })
})
