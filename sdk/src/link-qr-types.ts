// A link's QR code, as SVG: `GET /v1/portal/links/{id}/qr.svg` (the partner's own links) and
// `GET /v1/links/{id}/qr.svg` (any link of the program, secret key or console). Part of the API contract
// (re-exported by types.ts).

/**
 * `?size&sub&origin`. The code encodes the link's share URL exactly as the portal shows it: the
 * destination (or the program's site) with `?ref=CODE`, then `&sub=` when a sub-id is given.
 */
export interface LinkQrQuery {
  /** The image's width and height in pixels, 64 to 2048; default 256. The SVG scales without loss either way */
  size?: number | undefined
  /** A placement label, added as `&sub=` (trimmed, at most 100 characters), as the portal's sub-id field does */
  sub?: string | undefined
  /**
   * The origin of the site the link is shared on (`https://acme.example`), used only while the server
   * knows no URL for the link (no destination, and the program has set no `siteUrl` in its settings), as
   * the portal uses its page's origin: the code then encodes `${origin}/?ref=CODE`. Without it such a link
   * answers `400`. Ignored once the program has a site URL.
   */
  origin?: string | undefined
}
