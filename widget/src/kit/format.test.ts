import { describe, expect, test } from 'vitest'
import { formatDate, formatDay, formatMoney, formatNumber, formatPercent, fractionDigits, lastDay, resolveLocale, textDirection } from './format.ts'

// Intl separates some currency amounts with a narrow no-break space; compare on plain spaces.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ')

describe('money from integer minor units', () => {
  test('two-decimal currencies in two locales', () => {
    expect(formatMoney(123_456, 'USD', 'en-US')).toBe('$1,234.56')
    expect(plain(formatMoney(123_456, 'EUR', 'de-DE'))).toBe('1.234,56 €')
    expect(plain(formatMoney(-500, 'EUR', 'fr-FR'))).toBe('-5,00 €')
  })

  test('zero-decimal currencies are not divided by 100', () => {
    expect(fractionDigits('JPY')).toBe(0)
    expect(formatMoney(1500, 'JPY', 'ja-JP')).toBe('￥1,500')
    expect(formatMoney(1500, 'JPY', 'en-US')).toBe('¥1,500')
    expect(plain(formatMoney(1500, 'KRW', 'de-DE'))).toBe('1.500 ₩')
  })

  test('three-decimal currencies', () => {
    expect(fractionDigits('KWD')).toBe(3)
    expect(plain(formatMoney(1234, 'KWD', 'en-US'))).toBe('KWD 1.234')
  })

  test('digits are ISO 4217’s, as the server counts minor units, where Intl would drop them', () => {
    expect([fractionDigits('HUF'), fractionDigits('IDR'), fractionDigits('IQD')]).toEqual([2, 2, 3])
    expect(plain(formatMoney(12_345, 'HUF', 'en-US'))).toBe('HUF 123.45')
    expect(plain(formatMoney(12_345, 'IQD', 'en-US'))).toBe('IQD 12.345')
  })
})

test('numbers, percentages and dates follow the locale', () => {
  expect(formatNumber(1234567, 'en-US')).toBe('1,234,567')
  expect(formatNumber(1234567, 'de-DE')).toBe('1.234.567')
  expect(formatPercent(0.125, 'en-US')).toBe('12.5%')
  expect(plain(formatPercent(0.125, 'de-DE'))).toBe('12,5 %')
  expect(formatDay('2026-11-03', 'en-US')).toBe('Nov 3')
  expect(formatDay('2026-11-03', 'de-DE')).toBe('3. Nov.')
  expect(formatDate('2026-11-03T12:00:00.000Z', 'en-US')).toBe('Nov 3, 2026')
  expect(formatDate('2026-11-03T12:00:00.000Z', 'de-DE')).toBe('03.11.2026')
})

test('the locale: the given one, else the browser language, never a malformed tag', () => {
  expect(resolveLocale('de-DE')).toBe('de-DE')
  expect(resolveLocale('not a locale!')).toBe(resolveLocale(navigator.language))
  expect(resolveLocale(null)).toBe(resolveLocale(navigator.language))
})

test('lastDay: the last day an exclusive end leaves in', () => {
  expect(lastDay('2026-12-01T00:00:00.000Z')).toBe('2026-11-30')
  expect(lastDay('2026-11-15T12:00:00.000Z')).toBe('2026-11-15')
  expect(lastDay('2027-01-01T00:00:00.000Z')).toBe('2026-12-31')
})

test('textDirection: right to left for a locale written in Arabic or Hebrew script, whatever its region', () => {
  expect(['ar', 'ar-KW', 'he-IL', 'fa', 'ur-PK'].map(textDirection)).toEqual(['rtl', 'rtl', 'rtl', 'rtl', 'rtl'])
  expect(['en-US', 'de-DE', 'ja-JP', 'az-Latn'].map(textDirection)).toEqual(['ltr', 'ltr', 'ltr', 'ltr'])
})
