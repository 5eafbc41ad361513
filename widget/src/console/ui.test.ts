import { AfflioApiError, AfflioNetworkError } from '@afflio/sdk'
import { describe, expect, test } from 'vitest'
import { translator } from './messages.ts'
import { amountError, errorText, Refusal } from './ui.tsx'

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

describe('errorText: the message of a failed write', () => {
  const apiError = (message: string) => new AfflioApiError({ status: 502, code: 'internal', message })
  test('the server’s own words, or the console’s own refusal', () => {
    expect(errorText(t, new AfflioApiError({ status: 409, code: 'conflict', message: 'That code is taken' }))).toBe('That code is taken')
    expect(errorText(t, new Refusal('Pick a partner first.'))).toBe('Pick a partner first.')
  })

  test('not a proxy’s error page the SDK quoted, nor a network failure: the console’s words', () => {
    expect(errorText(t, apiError('HTTP 502 Bad Gateway: <h1>Bad gateway</h1>'))).toBe('That did not work. Try again.')
    expect(errorText(t, new AfflioNetworkError('fetch failed'))).toBe(t('error.network'))
  })
})
