import { describe, expect, it } from 'vitest'
import { SLUG } from './marketplace.ts'

describe('SLUG', () => {
  it('takes lower-case words joined by single hyphens, 3-60 characters', () => {
    for (const ok of ['acme', 'acme-pay', 'a1-b2-c3', 'x'.repeat(60)]) expect(SLUG.test(ok)).toBe(true)
    for (const bad of ['ab', 'Acme', 'acme--pay', '-acme', 'acme-', 'ac me', 'acmé', 'x'.repeat(61), '../x']) expect(SLUG.test(bad)).toBe(false)
  })
})
