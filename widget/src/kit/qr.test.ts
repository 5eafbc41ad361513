// The QR encoder against an independent decoder (jsQR): each code is drawn as pixels and read back.
import jsQR from 'jsqr'
import { describe, expect, test } from 'vitest'
import { qr } from './qr.ts'

/** The modules as RGBA pixels, `scale` pixels a module, inside the 4-module quiet zone. */
function pixels(m: boolean[][], scale = 4) {
  const side = (m.length + 8) * scale
  const out = new Uint8ClampedArray(side * side * 4).fill(255)
  m.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (!dark) return
      for (let dy = 0; dy < scale; dy++)
        for (let dx = 0; dx < scale; dx++) out.fill(0, (((y + 4) * scale + dy) * side + (x + 4) * scale + dx) * 4, (((y + 4) * scale + dy) * side + (x + 4) * scale + dx) * 4 + 3)
    }),
  )
  return { out, side }
}

const read = (m: boolean[][]) => {
  const { out, side } = pixels(m)
  return jsQR(out, side, side)
}

describe('qr', () => {
  test.each([
    ['https://acme.example/?ref=ADA1', 29], // version 3
    ['https://acme.example/pricing?ref=SPRING&sub=newsletter', 33], // version 4: two blocks
    ['https://acme.example/?ref=ADA1&sub=' + 'x'.repeat(120), 53], // version 9: version information, 5 blocks
    ['https://acme.example/?ref=Zoë&sub=été', 29], // UTF-8
    ['https://acme.example/' + 'p/'.repeat(400) + '?ref=LONG', 109], // version 23: 4 x 4 alignment grid, blocks of two lengths
  ])('encodes %s in a %i-module code a decoder reads back', (text, size) => {
    const m = qr(text)!
    expect(m).toHaveLength(size)
    expect(m.every((row) => row.length === size)).toBe(true)
    const code = read(m)
    expect(code?.data).toBe(text)
    expect(code?.version).toBe((size - 17) / 4)
  })

  test('a text past version 40 has no code', () => {
    expect(qr('x'.repeat(2331))).toHaveLength(177)
    expect(qr('x'.repeat(2332))).toBeNull()
  })
})
