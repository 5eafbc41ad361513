// A QR code's modules drawn as SVG. Pure. The markup holds nothing but numbers, so a client may put it
// inline (the portal does, inside its shadow root) without sanitising it.

/** Light modules around the code, as the standard asks for scanners to find it. */
export const QUIET_ZONE = 4

/** The image's side in pixels: the default, and the bounds `?size=` takes. */
export const QR_SIZE = { default: 256, min: 64, max: 2048 } as const

/**
 * The code as an SVG image `size` pixels square: a white square (the code and its quiet zone) and one
 * path of dark runs, one module a unit, so it scales without loss.
 *
 * @example qrSvg(encodeQr('https://acme.example/?ref=ADA1')!, 256) // '<svg … viewBox="-4 -4 37 37" width="256" …'
 */
export function qrSvg(modules: boolean[][], size: number): string {
  let d = ''
  modules.forEach((row, y) => {
    for (let x = 0; x < row.length; x++) {
      let end = x
      while (row[end]) end++
      if (end > x) (d += `M${x} ${y}h${end - x}v1h${x - end}z`), (x = end)
    }
  })
  const side = modules.length + 2 * QUIET_ZONE
  const q = -QUIET_ZONE
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${q} ${q} ${side} ${side}" width="${size}" height="${size}" shape-rendering="crispEdges">` +
    `<rect x="${q}" y="${q}" width="${side}" height="${side}" fill="#fff"/><path d="${d}" fill="#000"/></svg>`
  )
}
