// A link's QR code: its share URL, as the portal shows it, encoded and drawn as SVG.
import type { LinkQrQuery } from '@afflio/sdk/types'
import type { Db } from '../kernel/db/connect.ts'
import { sha256 } from '../kernel/hash.ts'
import { badRequest, conflict, notFound } from '../kernel/http/errors.ts'
import { findLink, shareUrl, withSubId } from '../partners/index.ts'
import { encodeQr } from './qr.ts'
import { QR_SIZE, qrSvg } from './qr-svg.ts'

export interface LinkQr {
  /** The URL the code encodes */
  url: string
  svg: string
  /** Strong: a hash of the SVG, so a client revalidates what it has */
  etag: string
}

/** The QR code of a link of the program (of `partnerId` only, when given: the portal's); 404 for any other. */
export async function getLinkQr(db: Db, program: { id: string; site_url: string | null }, linkId: string, query: LinkQrQuery, partnerId?: string): Promise<LinkQr> {
  const link = await findLink(db, program, linkId)
  if (!link || (partnerId !== undefined && link.partnerId !== partnerId)) throw notFound(`Link ${linkId}`)
  // The portal shows `${its page's origin}/?ref=CODE` for a link the server has no URL for: the same here.
  const shared = link.url ?? shareUrl(null, query.origin ?? null, link.code)
  if (!shared) {
    throw badRequest(
      "origin: required for a link with no destination while the program has no site URL: set siteUrl in the program's settings (PATCH /v1/program/settings), or pass the origin of the site the link is shared on",
      'origin',
    )
  }
  const url = withSubId(shared, query.sub)
  const modules = encodeQr(url)
  if (!modules) throw conflict(`The link's URL is too long for a QR code (${new TextEncoder().encode(url).length} bytes; at most 2,331)`)
  const svg = qrSvg(modules, query.size ?? QR_SIZE.default)
  return { url, svg, etag: `"${sha256(svg).slice(0, 32)}"` }
}
