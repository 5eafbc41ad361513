import { describe, expect, test } from 'vitest'
import { translator } from './messages.ts'
import { amountError } from './ui.tsx'

const t = translator()

describe('amountError: why an amount was refused', () => {
  test('its currency’s decimals when it had more', () => {
    expect(amountError(t, '19.999', 'USD', 'Enter an amount.')).toBe('USD has 2 decimals.')
    expect(amountError(t, '2.5', 'JPY', 'Enter an amount.')).toBe('JPY has no decimals.')
    expect(amountError(t, '1.2345', 'KWD', 'Enter an amount.')).toBe('KWD has 3 decimals.')
  })

  test('else the form’s own words', () => {
    expect(amountError(t, 'ten', 'USD', 'Enter an amount.')).toBe('Enter an amount.')
    expect(amountError(t, '1,00,0', 'USD', 'Enter an amount.')).toBe('Enter an amount.')
    expect(amountError(t, '0', 'USD', 'Enter an amount above 0.')).toBe('Enter an amount above 0.')
    expect(amountError(t, '12.345', 2, 'Enter a percentage from 0 to 100.')).toBe('Enter a percentage from 0 to 100.')
  })
})
