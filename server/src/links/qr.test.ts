// The QR encoder against an independent decoder (jsQR): each code is drawn as pixels and read back; and
// the SVG drawn from a code holds exactly its modules.
import { describe, expect, test } from 'vitest'
import { encodeQr } from './qr.ts'
import { qrSvg } from './qr-svg.ts'
import { modulesOfSvg, readModules } from '../testing-qr.ts'

describe('encodeQr', () => {
  test.each([
    ['version 3', 'https://acme.example/?ref=ADA1', 29],
    ['version 4: two blocks', 'https://acme.example/pricing?ref=SPRING&sub=newsletter', 33],
    ['version 9: version information, 5 blocks', 'https://acme.example/?ref=ADA1&sub=' + 'x'.repeat(120), 53],
    ['a URL percent-encoded', 'https://acme.example/?ref=Zo%C3%AB&sub=%C3%A9t%C3%A9', 33],
    ['UTF-8 bytes', 'https://acme.example/?ref=Zoë&sub=été', 29],
    ['version 23: 4 x 4 alignment grid, blocks of two lengths', 'https://acme.example/' + 'p/'.repeat(400) + '?ref=LONG', 109],
  ])('%s: a %i-module code a decoder reads back', (_, text, size) => {
    const m = encodeQr(text)!
    expect(m).toHaveLength(size)
    expect(m.every((row) => row.length === size)).toBe(true)
    const code = readModules(m)
    expect(code?.data).toBe(text)
    expect(code?.version).toBe((size - 17) / 4)
  })

  test('a text past version 40 has no code', () => {
    expect(encodeQr('x'.repeat(2331))).toHaveLength(177)
    expect(encodeQr('x'.repeat(2332))).toBeNull()
  })
})

describe('qrSvg', () => {
  test('paints exactly the dark modules, inside the quiet zone, at the size asked', () => {
    const m = encodeQr('https://acme.example/pricing?ref=SPRING&sub=newsletter')!
    const svg = qrSvg(m, 320)
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="-4 -4 41 41" width="320" height="320" /)
    expect(modulesOfSvg(svg)).toEqual(m)
    // Nothing but markup and numbers: safe to put inline.
    expect(svg.replace(/<[^>]*>/g, '')).toBe('')
    expect(svg).not.toMatch(/script|on\w+=|href/i)
  })
})
