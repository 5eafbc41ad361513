// A QR code as SVG (kit/qr.ts), shown and offered as a download. The svg markup holds only numbers, so it
// is safe as inner HTML, and the one string serves both the page and the file.
import { qr } from './qr.ts'

/** The code's SVG: 4 px a module inside the 4-module quiet zone, dark runs as one path; null if too long. */
export function qrSvg(text: string): string | null {
  const m = qr(text)
  if (!m) return null
  let d = ''
  m.forEach((row, y) => {
    for (let x = 0; x < row.length; x++) {
      let end = x
      while (row[end]) end++
      if (end > x) (d += `M${x} ${y}h${end - x}v1h${x - end}z`), (x = end)
    }
  })
  const side = m.length + 8
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="-4 -4 ${side} ${side}" width="${side * 4}" height="${side * 4}" shape-rendering="crispEdges"><rect x="-4" y="-4" width="${side}" height="${side}" fill="#fff"/><path d="${d}"/></svg>`
}

export function QrCode({ text, label, download, file, tooLong }: { text: string; label: string; download: string; file: string; tooLong: string }) {
  const svg = qrSvg(text)
  if (!svg) return <p class="mut">{tooLong}</p>
  return (
    <div class="row">
      <div class="qr" role="img" aria-label={label} dangerouslySetInnerHTML={{ __html: svg }} />
      <a class="btn alt" href={`data:image/svg+xml,${encodeURIComponent(svg)}`} download={file}>
        {download}
      </a>
    </div>
  )
}
