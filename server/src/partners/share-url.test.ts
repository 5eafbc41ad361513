import { describe, expect, it } from 'vitest'
import { shareUrl, withSubId } from './share-url.ts'

describe('share URLs', () => {
  it('appends ref to the destination, else to the site, else gives up', () => {
    expect(shareUrl('https://acme.test/pricing?plan=pro#top', null, 'ALICE')).toBe('https://acme.test/pricing?plan=pro&ref=ALICE#top')
    expect(shareUrl(null, 'https://acme.test', 'a b')).toBe('https://acme.test/?ref=a+b')
    expect(shareUrl('https://acme.test/?ref=OLD', null, 'NEW')).toBe('https://acme.test/?ref=NEW')
    expect(shareUrl(null, null, 'ALICE')).toBeNull()
  })

  it('adds a trimmed sub-id as the portal does, and nothing for a blank one', () => {
    expect(withSubId('https://acme.test/?ref=ALICE', ' spring mail ')).toBe('https://acme.test/?ref=ALICE&sub=spring+mail')
    expect(withSubId('https://acme.test/p?ref=ALICE#top', 'été')).toBe('https://acme.test/p?ref=ALICE&sub=%C3%A9t%C3%A9#top')
    expect(withSubId('https://acme.test/?ref=ALICE&sub=old', 'new')).toBe('https://acme.test/?ref=ALICE&sub=new')
    expect(withSubId('https://acme.test/?ref=ALICE', '  ')).toBe('https://acme.test/?ref=ALICE')
    expect(withSubId('https://acme.test/?ref=ALICE', undefined)).toBe('https://acme.test/?ref=ALICE')
  })
})
