// Reading QR codes back in tests with an independent decoder (jsQR): modules drawn as pixels, and the
// modules an SVG of ours paints.
import jsQR from 'jsqr'
import { QUIET_ZONE } from './links/qr-svg.ts'

/** The modules as RGBA pixels, `scale` pixels a module, inside the quiet zone. */
function pixels(m: boolean[][], scale = 4) {
  const side = (m.length + 2 * QUIET_ZONE) * scale
  const out = new Uint8ClampedArray(side * side * 4).fill(255)
  m.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (!dark) return
      for (let dy = 0; dy < scale; dy++) {
        const at = (((y + QUIET_ZONE) * scale + dy) * side + (x + QUIET_ZONE) * scale) * 4
        for (let dx = 0; dx < scale; dx++) out.fill(0, at + dx * 4, at + dx * 4 + 3)
      }
    }),
  )
  return { out, side }
}

/** What a decoder reads in these modules: the text and the version, or null. */
export function readModules(m: boolean[][]): { data: string; version: number } | null {
  const { out, side } = pixels(m)
  const code = jsQR(out, side, side)
  return code && { data: code.data, version: code.version }
}

/** The modules an SVG's path paints: each `M x y h w v1 h-w z` is a run of dark modules on row y. */
export function modulesOfSvg(svg: string): boolean[][] {
  const side = Number(/viewBox="-?\d+ -?\d+ (\d+) /.exec(svg)![1]) - 2 * QUIET_ZONE
  const m = Array.from({ length: side }, () => Array<boolean>(side).fill(false))
  for (const [, x, y, w] of svg.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) for (let i = 0; i < Number(w); i++) m[Number(y)]![Number(x) + i] = true
  return m
}

/** The text a QR code SVG of ours encodes, as a decoder reads it. */
export const readSvg = (svg: string): string | undefined => readModules(modulesOfSvg(svg))?.data
