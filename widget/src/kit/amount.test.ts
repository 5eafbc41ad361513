import { describe, expect, test } from 'vitest'
import { amountError, amountText, toMinor } from './amount.ts'
import { formatMoney } from './format.ts'

describe('toMinor: a typed amount in minor units, exactly, or null', () => {
  test('commas grouping digits in threes are thousands', () => {
    expect(toMinor('1,000', 'USD')).toBe(100_000)
    expect(toMinor('5,000', 'USD')).toBe(500_000)
    expect(toMinor('10,000', 'JPY')).toBe(10_000)
    expect(toMinor('12,345.67', 'USD')).toBe(1_234_567)
    expect(toMinor('1,234,567.5', 'EUR')).toBe(123_456_750)
    // In a 3-decimal currency too, as the console shows amounts ("KWD 1,000.000")
    expect(toMinor('1,000', 'KWD')).toBe(1_000_000)
    expect(toMinor('1,500', 'KWD')).toBe(1_500_000)
  })

  test('a lone comma before fewer digits, or digits that cannot be thousands, is a decimal comma', () => {
    expect(toMinor('7,50', 'USD')).toBe(750)
    expect(toMinor('7,5', 'USD')).toBe(750)
    expect(toMinor('12345,67', 'USD')).toBe(1_234_567)
    expect(toMinor('1,5', 'KWD')).toBe(1500)
    expect(toMinor('0,500', 'KWD')).toBe(500)
    expect(toMinor('1234,567', 'KWD')).toBe(1_234_567)
  })

  test('plain amounts, trimmed, with or without the decimals', () => {
    expect(toMinor('12.50', 'USD')).toBe(1250)
    expect(toMinor(' 12.5 ', 'USD')).toBe(1250)
    expect(toMinor('12', 'USD')).toBe(1200)
    expect(toMinor('.5', 'USD')).toBe(50)
    expect(toMinor('0', 'USD')).toBe(0)
    expect(toMinor('10000', 'JPY')).toBe(10_000)
    expect(toMinor('1.2', 'KWD')).toBe(1200)
    expect(toMinor('2.469', 'KWD')).toBe(2469)
  })

  test('exact where floats are not: 19.99 * 100 is 1998.9999999999998', () => {
    expect(toMinor('19.99', 'USD')).toBe(1999)
    expect(toMinor('1.005', 'KWD')).toBe(1005)
    expect(toMinor('0.29', 'USD')).toBe(29)
    expect(toMinor('90,071,992,547,409.91', 'USD')).toBe(9_007_199_254_740_991)
    expect(toMinor('90,071,992,547,409.92', 'USD')).toBeNull() // past Number.MAX_SAFE_INTEGER
  })

  test('more decimals than the currency has are refused, not rounded', () => {
    expect(toMinor('2.5', 'JPY')).toBeNull()
    expect(toMinor('2,5', 'JPY')).toBeNull()
    expect(toMinor('19.999', 'USD')).toBeNull()
    expect(toMinor('1.2345', 'KWD')).toBeNull()
    expect(toMinor('1,000.5', 'JPY')).toBeNull()
  })

  test('anything else is no amount', () => {
    for (const text of ['', ' ', 'ten', '12abc', '1.2.3', '1,00,0', '1,0000', '1,000,5', '12,34,567', ',5', '5.', '1 000', '-5', '+5', '1e3', '0x10', 'Infinity', '$', '€5', 'EUR 5', '5 EUR'])
      expect(toMinor(text, 'USD'), text).toBeNull()
    expect(toMinor('1234,567', 'USD')).toBeNull() // three digits after a comma are thousands or nothing, in USD
  })

  test('a leading code or symbol of the currency itself', () => {
    expect(toMinor('$1,000', 'USD')).toBe(100_000)
    expect(toMinor('$ 5', 'USD')).toBe(500)
    expect(toMinor('usd 5', 'USD')).toBe(500)
    expect(toMinor('¥10,000', 'JPY')).toBe(10_000)
    expect(toMinor('KWD 1.5', 'KWD')).toBe(1500)
    expect(toMinor('CA$5', 'CAD')).toBe(500)
    expect(toMinor('$5', 'CAD')).toBe(500)
    expect(toMinor('¥5', 'USD')).toBeNull()
    expect(toMinor('5 USD', 'USD')).toBe(500) // after it, too, as de-DE writes "5,00 $"
  })

  test('in the widget’s locale, as it shows amounts: its decimal mark and its grouping', () => {
    expect(toMinor('1.200,50', 'EUR', 'de-DE')).toBe(120_050)
    expect(toMinor('1.200,50 €', 'EUR', 'de-DE')).toBe(120_050)
    expect(toMinor('1.200', 'EUR', 'de-DE')).toBe(120_000)
    expect(toMinor('1,5', 'EUR', 'de-DE')).toBe(150)
    expect(toMinor('7.50', 'EUR', 'de-DE')).toBe(750) // a lone point before two digits: the decimal point of habit
    expect(toMinor('1.200', 'KWD', 'de-DE')).toBe(1_200_000) // not 1.2 KWD: de-DE groups with points
    expect(toMinor('0,500', 'KWD', 'de-DE')).toBe(500)
    expect(toMinor('1.500', 'JPY', 'de-DE')).toBe(1500)
    expect(toMinor('1 200,5', 'EUR', 'fr-FR')).toBe(120_050)
    expect(toMinor('1\u202f200,5', 'EUR', 'fr-FR')).toBe(120_050)
    expect(toMinor('1’200.50', 'CHF', 'de-CH')).toBe(120_050)
    expect(toMinor("1'200.50", 'CHF', 'de-CH')).toBe(120_050)
    expect(toMinor('12,5', 2, 'de-DE')).toBe(1250) // a percentage
    expect(toMinor('10,005', 'EUR', 'de-DE')).toBeNull()
    expect(amountError((k, v) => `${k} ${v.currency}`, '10,005', 'EUR', 'no', 'de-DE')).toBe('amount.decimals EUR')
  })

  test('a form’s own text of an amount (amountText) and the widget’s display read back as the same minor units, in every locale', () => {
    for (const locale of ['en-US', 'de-DE', 'fr-FR', 'de-CH', 'en-DE', 'de-AT', 'en-IN', 'hi-IN', 'ar', 'ar-EG', 'fa-IR', 'ja-JP', 'sv-SE'])
      for (const [currency, list] of [['USD', [0, 5, 1999, 123_456_789]], ['JPY', [0, 1500, 1_234_567]], ['KWD', [1, 500, 1500, 2469, 1_234_567_891]]] as const)
        for (const minor of list) {
          for (const text of [amountText(minor, currency, locale), formatMoney(minor, currency, locale)]) expect(toMinor(text, currency, locale), `${locale} ${text}`).toBe(minor)
        }
    // Money as the locale shows money, which is not always as it shows numbers: en-DE writes €1,234.56 but 1.234,5
    expect(toMinor('1,234', 'KWD', 'en-DE')).toBe(1_234_000)
    expect(toMinor('1.234', 'KWD', 'de-AT')).toBe(1_234_000)
    expect(toMinor('12,34,567.89', 'USD', 'hi-IN')).toBe(123_456_789)
    expect(toMinor('1,00,000', 'INR', 'en-IN')).toBe(10_000_000)
    expect(toMinor('١٢٫٥', 'USD', 'ar-EG')).toBe(1250)
    expect(amountText(123_450, 'EUR', 'de-DE')).toBe('1234,5')
    expect(amountText(1505, 'KWD', 'en-US')).toBe('1.505')
    expect(amountText(1250, 2, 'de-DE')).toBe('12,5')
    expect(amountText(1500, 'JPY', 'de-DE')).toBe('1500')
  })

  test('the console’s own display of an amount reads back as the same minor units', () => {
    const amounts: Array<[string, number[]]> = [
      ['USD', [0, 1, 99, 100, 1999, 100_000, 123_456_789]],
      ['JPY', [0, 1, 999, 1000, 10_000, 1_234_567]],
      ['KWD', [0, 1, 500, 1000, 1500, 2469, 1_000_000, 1_234_567_891]],
    ]
    for (const [currency, list] of amounts)
      for (const minor of list) {
        const shown = formatMoney(minor, currency, 'en-US')
        expect(toMinor(shown, currency), shown).toBe(minor)
      }
    expect(formatMoney(1_000_000, 'KWD', 'en-US')).toBe('KWD\u00a01,000.000')
  })

  test('a number that is no money takes its decimals: basis points of a percentage, a count', () => {
    expect(toMinor('12.5', 2)).toBe(1250)
    expect(toMinor('12.345', 2)).toBeNull()
    expect(toMinor('1,000', 0)).toBe(1000)
    expect(toMinor('2.5', 0)).toBeNull()
    expect(toMinor('$5', 2)).toBeNull()
  })
})

describe('amountError: why an amount was refused', () => {
  const t = (key: string, vars: Record<string, string | number>) => `${key} ${vars.currency} ${vars.n}`
  test('the currency’s decimals when it had more, else the form’s own words', () => {
    expect(amountError(t, '10.005', 'USD', 'bad')).toBe('amount.decimals USD 2')
    expect(amountError(t, '5.5', 'JPY', 'bad')).toBe('amount.noDecimals JPY 0')
    expect(amountError(t, '1e3', 'USD', 'bad')).toBe('bad')
    expect(amountError(t, '10.005', 2, 'bad')).toBe('bad')
  })
})
