import { describe, expect, it } from 'vitest'
import { OTHER, referrerDomain, topWithOther } from './rollup-keys.ts'

describe('rollup keys', () => {
  it("reduces a referrer to its site's domain, lower case, without www. or port", () => {
    expect(referrerDomain('https://WWW.Example.com:8443/a/b?c#d')).toBe('example.com')
    expect(referrerDomain('http://news.ycombinator.com/item?id=1')).toBe('news.ycombinator.com')
    expect(referrerDomain('https://t.co?x=1')).toBe('t.co')
    expect(referrerDomain('android-app://com.google.android.gm/')).toBe('com.google.android.gm')
    expect(referrerDomain('not a url')).toBe('')
    expect(referrerDomain(null)).toBe('')
  })

  it('keeps at most 100 characters of a domain, counted as SQL counts them, never half of one', () => {
    const a99 = 'a'.repeat(99)
    expect(referrerDomain(`https://${'b'.repeat(150)}/`)).toBe('b'.repeat(100))
    expect(referrerDomain(`https://${a99}\u{1F600}\u{1F601}/`)).toBe(`${a99}\u{1F600}`) // 101 UTF-16 units, 100 characters
    expect(referrerDomain(`https://${a99}a\u{1F600}/`)).toBe(`${a99}a`)
    expect(referrerDomain(`https://${a99}\u{1F600}/`)).not.toBe(referrerDomain(`https://${a99}\u{1D400}/`))
  })

  it('keeps the top N by clicks and sums the rest into one other row', () => {
    const rows = ['a', 'b', 'c', 'd'].map((value, i) => ({ value, clicks: 10 - i, leads: 1, sales: i }))
    expect(topWithOther(rows, 2)).toEqual([
      { value: 'a', clicks: 10, leads: 1, sales: 0 },
      { value: 'b', clicks: 9, leads: 1, sales: 1 },
      { value: OTHER, clicks: 15, leads: 2, sales: 5 },
    ])
    expect(topWithOther(rows.slice(0, 2), 2)).toHaveLength(2)
  })
})
