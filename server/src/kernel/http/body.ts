// The request body as text. Under @hono/node-server a body read through the Fetch API builds a WHATWG
// Request and a web stream around node's request first: for a click's ~200 bytes that was about a tenth
// of the request's CPU. When the length is declared (bodyLimit has then checked it, and node's parser
// delivers exactly that many bytes), the bytes are read straight off node's request instead.
import type { IncomingMessage } from 'node:http'
import type { Context, MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { ApiError } from './errors.ts'
import { requestHeader } from './headers.ts'

const utf8 = new TextDecoder() // as Request.text(): UTF-8, a leading BOM dropped, bad bytes replaced

export function bodyText(c: Context): Promise<string> {
  // Hono keeps the body's promise here, so c.req.text() and .json() later answer the same text.
  const cache = c.req.bodyCache as { text?: Promise<string> }
  if (cache.text) return cache.text
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming
  const untouched = incoming && !incoming.readableDidRead && !incoming.readableEnded && Object.keys(cache).length === 0
  if (!untouched || incoming.headers['content-length'] === undefined || incoming.headers['transfer-encoding'] !== undefined) return c.req.text()
  return (cache.text = readAll(incoming))
}

/** A node request's body as text, decoded as Request.text() decodes it. */
export function readAll(incoming: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let ended = false
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk))
    incoming.once('end', () => {
      ended = true
      resolve(utf8.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)))
    })
    // A client gone before its body came (a tab closed on a beacon): its answer reaches no one, and it is
    // no fault of the server's, so not a 500 with a stack in the log. 'close' comes after every request.
    incoming.once('error', () => reject(bodyGone()))
    incoming.once('close', () => ended || reject(bodyGone()))
  })
}

const bodyGone = () => new ApiError(400, 'invalid_request', 'The request was closed before its body arrived')

/** The answer to a body over the app's limit. */
export const tooLarge = (maxSize: number) => new ApiError(413, 'payload_too_large', `Request body is larger than ${maxSize} bytes`)

/**
 * Hono's bodyLimit, without its cost when the length is declared: Hono's asks `c.req.raw.body` first, which
 * builds the WHATWG Request on every request, GETs included. A declared length is checked from the header;
 * a chunked body still goes through Hono's, which counts the bytes as they come.
 */
export function limitBody(maxSize: number): MiddlewareHandler {
  const refuse = () => {
    throw tooLarge(maxSize)
  }
  const counting = bodyLimit({ maxSize, onError: refuse })
  return (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next()
    const length = requestHeader(c, 'content-length')
    if (length === undefined || requestHeader(c, 'transfer-encoding') !== undefined) return counting(c, next)
    return Number.parseInt(length, 10) > maxSize ? Promise.reject(tooLarge(maxSize)) : next()
  }
}
