import { describe, expect, it } from 'vitest'
import { containsPattern, nameKeys, searchKey, sortKey } from './text-keys.ts'

describe('searchKey', () => {
  it('lower-cases every letter, in NFC, with a final sigma as any sigma', () => {
    expect(searchKey('ÉMILE Öko ÆØÅ')).toBe('émile öko æøå')
    expect(searchKey('E\u0301mile')).toBe('émile') // decomposed as typed on some keyboards
    expect(searchKey('ΟΔΟΣ')).toBe('οδοσ')
    expect(searchKey('οδος')).toBe('οδοσ')
    expect(searchKey('ДОМ')).toBe('дом')
  })
})

describe('sortKey', () => {
  it('sorts accented Latin letters with their base letter, whatever their case', () => {
    const names = ['Zoe', 'Éz', 'éa', 'Adam', 'émile', 'Eve']
    expect([...names].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1))).toEqual(['Adam', 'éa', 'émile', 'Eve', 'Éz', 'Zoe'])
  })
})

describe('containsPattern', () => {
  it('matches the search key anywhere, LIKE wildcards taken literally', () => {
    expect(containsPattern('Acme')).toBe('%acme%')
    expect(containsPattern('ÉMILE')).toBe('%émile%')
    expect(containsPattern('50%_off\\')).toBe('%50\\%\\_off\\\\%')
  })
})

describe('nameKeys', () => {
  it('keys a name, and none without one', () => {
    expect(nameKeys('Émile')).toEqual({ name_key: 'émile', name_sort_key: 'emile' })
    expect(nameKeys(null)).toEqual({ name_key: null, name_sort_key: null })
  })
})
