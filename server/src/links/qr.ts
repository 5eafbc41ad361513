// A QR code encoder (ISO/IEC 18004): byte mode (UTF-8), error correction level M, versions 1 to 40, the
// mask with the lowest penalty. Pure. Written for the portal (a library cost 4-8 KB gzip there), it now runs
// on the server, which answers each link's code as SVG, so the portal ships none of it. After Project
// Nayuki's reference encoder (MIT), trimmed to what a link needs.

// Level M, versions 1..40: error correction codewords per block, and blocks.
const ECC = [10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, ...Array<number>(19).fill(28)]
const BLOCKS = [1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49]

// Multiplication in GF(256) modulo x^8 + x^4 + x^3 + x^2 + 1.
function mul(x: number, y: number): number {
  let z = 0
  for (let i = 7; i >= 0; i--) z = ((z << 1) ^ ((z >>> 7) * 0x11d) ^ (((y >>> i) & 1) * x)) & 255
  return z
}

/** The Reed-Solomon error correction codewords of `data`. */
function ecc(data: number[], degree: number): number[] {
  const div = Array<number>(degree).fill(0)
  div[degree - 1] = 1
  for (let i = 0, root = 1; i < degree; i++, root = mul(root, 2))
    for (let j = 0; j < degree; j++) div[j] = mul(div[j]!, root) ^ (div[j + 1] ?? 0)
  const rem = Array<number>(degree).fill(0)
  for (const b of data) {
    const f = b ^ rem.shift()!
    rem.push(0)
    div.forEach((c, i) => (rem[i]! ^= mul(c, f)))
  }
  return rem
}

const MASKS = [
  (x: number, y: number) => (x + y) % 2,
  (_: number, y: number) => y % 2,
  (x: number) => x % 3,
  (x: number, y: number) => (x + y) % 3,
  (x: number, y: number) => (Math.floor(x / 3) + Math.floor(y / 2)) % 2,
  (x: number, y: number) => ((x * y) % 2) + ((x * y) % 3),
  (x: number, y: number) => (((x * y) % 2) + ((x * y) % 3)) % 2,
  (x: number, y: number) => (((x + y) % 2) + ((x * y) % 3)) % 2,
]

/**
 * The code's modules, rows of dark (true) and light, without the quiet zone; null when the text is too long
 * for any version (over 2,331 bytes of UTF-8).
 *
 * @example encodeQr('https://acme.example/?ref=ADA1')!.length // 29: version 3
 */
export function encodeQr(text: string): boolean[][] | null {
  const bytes = new TextEncoder().encode(text)
  // The smallest version that holds the text; `raw`: its codewords (all modules but the function patterns).
  let v = 0
  let raw = 0
  let cap = 0
  do {
    if (++v > 40) return null
    const a = Math.floor(v / 7) + 2
    raw = ((16 * v + 128) * v + 64 - (v < 2 ? 0 : (25 * a - 10) * a - 55 + (v < 7 ? 0 : 36))) >> 3
    cap = raw - ECC[v - 1]! * BLOCKS[v - 1]!
  } while (4 + (v < 10 ? 8 : 16) + 8 * bytes.length > 8 * cap)
  const size = 4 * v + 17

  // The data: mode, length, bytes, terminator, then pad codewords.
  let bits = '0100' + bytes.length.toString(2).padStart(v < 10 ? 8 : 16, '0')
  for (const b of bytes) bits += b.toString(2).padStart(8, '0')
  bits = (bits + '0000').slice(0, cap * 8)
  const data: number[] = []
  for (let i = 0; i < bits.length; i += 8) data.push(parseInt(bits.slice(i, i + 8).padEnd(8, '0'), 2))
  for (let i = 0; data.length < cap; i++) data.push(i & 1 ? 0x11 : 0xec)

  // Split into blocks (the last ones a codeword longer), add each block's error correction, interleave.
  const blocks = BLOCKS[v - 1]!
  const degree = ECC[v - 1]!
  const short = blocks - (raw % blocks)
  const shortLen = Math.floor(raw / blocks) - degree
  const parts: number[][] = []
  for (let i = 0, k = 0; i < blocks; i++) {
    const d = data.slice(k, (k += shortLen + (i < short ? 0 : 1)))
    parts.push([...d, ...(i < short ? [0] : []), ...ecc(d, degree)])
  }
  const codewords: number[] = []
  for (let i = 0; i < parts[0]!.length; i++) parts.forEach((p, j) => (i !== shortLen || j >= short) && codewords.push(p[i]!))

  // Modules: bit 0 dark, bit 1 part of a function pattern (timing, finders, alignment, format, version).
  const m = Array.from({ length: size }, () => Array<number>(size).fill(0))
  const set = (x: number, y: number, dark: boolean | number) => (m[y]![x] = 2 | +dark)
  for (let i = 0; i < size; i++) set(6, i, i % 2 === 0), set(i, 6, i % 2 === 0)
  const square = (cx: number, cy: number, r: number, dark: (d: number) => boolean) => {
    for (let dy = -r; dy <= r; dy++)
      for (let dx = -r; dx <= r; dx++) m[cy + dy]?.[cx + dx] !== undefined && set(cx + dx, cy + dy, dark(Math.max(Math.abs(dx), Math.abs(dy))))
  }
  for (const [x, y] of [[3, 3], [size - 4, 3], [3, size - 4]] as const) square(x, y, 4, (d) => d !== 2 && d !== 4)
  if (v > 1) {
    const n = Math.floor(v / 7) + 2
    const step = Math.floor((v * 8 + n * 3 + 5) / (n * 4 - 4)) * 2
    const at = [6]
    for (let p = size - 7; at.length < n; p -= step) at.splice(1, 0, p)
    // Everywhere on the grid of positions but over the three finders.
    at.forEach((x, i) => at.forEach((y, j) => (i || j) && (i || j < n - 1) && (j || i < n - 1) && square(x, y, 2, (d) => d !== 1)))
  }
  const format = (mask: number) => {
    let rem = mask
    for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537)
    const f = ((mask << 10) | rem) ^ 0x5412 // level M's two bits are 00
    const bit = (i: number) => (f >>> i) & 1
    for (let i = 0; i < 15; i++) {
      set(8, i < 6 ? i : i < 8 ? i + 1 : size - 15 + i, bit(i))
      set(i < 8 ? size - 1 - i : i < 9 ? 7 : 14 - i, 8, bit(i))
    }
    set(8, size - 8, true)
  }
  format(0)
  if (v >= 7) {
    let rem = v
    for (let i = 0; i < 12; i++) rem = (rem << 1) ^ ((rem >>> 11) * 0x1f25)
    for (let i = 0; i < 18; i++) {
      const dark = (((v << 12) | rem) >>> i) & 1
      set(size - 11 + (i % 3), Math.floor(i / 3), dark), set(Math.floor(i / 3), size - 11 + (i % 3), dark)
    }
  }

  // The codewords in the zigzag, two columns at a time from the bottom right, skipping the timing column.
  for (let right = size - 1, i = 0; right >= 1; right -= 2) {
    if (right === 6) right = 5
    for (let vert = 0; vert < size; vert++)
      for (let j = 0; j < 2; j++) {
        const x = right - j
        const y = (right + 1) & 2 ? vert : size - 1 - vert
        if (m[y]![x]! < 2 && i < codewords.length * 8) (m[y]![x] = (codewords[i >>> 3]! >>> (7 - (i & 7))) & 1), i++
      }
  }

  // Each of the eight masks; keep the one the standard's penalty rules score lowest.
  const apply = (k: number) => m.forEach((row, y) => row.forEach((c, x) => c < 2 && !MASKS[k]!(x, y) && (row[x] = c ^ 1)))
  let best = 0
  let least = Infinity
  for (let k = 0; k < 8; k++) {
    apply(k)
    format(k)
    const p = penalty(m)
    if (p < least) (least = p), (best = k)
    apply(k) // a mask applied twice is undone
  }
  apply(best)
  format(best)
  return m.map((row) => row.map((c) => (c & 1) === 1))
}

/** The standard's penalty: long runs, 2x2 blocks, finder-like patterns, and an imbalance of dark and light. */
function penalty(m: number[][]): number {
  const n = m.length
  let p = 0
  let dark = 0
  for (let i = 0; i < n; i++) {
    let row = ''
    let col = ''
    for (let j = 0; j < n; j++) (row += m[i]![j]! & 1), (col += m[j]![i]! & 1), (dark += m[i]![j]! & 1)
    for (const line of [row, col]) {
      for (const run of line.match(/0{5,}|1{5,}/g) ?? []) p += run.length - 2
      p += 40 * (`0000${line}0000`.match(/(?=00001011101|10111010000)/g)?.length ?? 0)
    }
    for (let j = 1; i && j < n; j++) {
      const c = m[i]![j]! & 1
      if (c === (m[i]![j - 1]! & 1) && c === (m[i - 1]![j]! & 1) && c === (m[i - 1]![j - 1]! & 1)) p += 3
    }
  }
  return p + 10 * (Math.ceil(Math.abs(dark * 20 - n * n * 10) / (n * n)) - 1)
}
