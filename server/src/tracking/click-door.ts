// The click's door on node's server. Every visit of every customer's site is a click, and the framework
// between node and the route (@hono/node-server's WHATWG Request and Response, Hono's router and
// middleware) cost a click about as much CPU as a bare endpoint's whole request. So `afflio serve` answers
// POST /v1/track/click here, ahead of Hono, by the same code as the Hono route (routes.ts's `click`), with
// the same answers: status, body, errors (errors.ts's errorAnswer), CORS and nosniff, X-Request-Id, the
// body's limit. What it does not take (another method or path, a query string, a body without a declared
// length) goes on to Hono, which answers it as before; tests through app.request() reach the Hono route.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { TrackClickResult } from '@afflio/sdk/types'
import { bearerOf } from '../kernel/http/auth.ts'
import { readAll, tooLarge } from '../kernel/http/body.ts'
import { errorAnswer } from '../kernel/http/errors.ts'
import type { Door } from '../kernel/http/listen.ts'
import { rawHeader } from '../kernel/http/headers.ts'
import { openHeaders } from '../kernel/http/open-cors.ts'
import { clientIpOf, networkOf } from '../kernel/http/rate-limit.ts'
import { REQUEST_ID_HEADER, requestIdFor } from '../kernel/http/request-id.ts'
import { jsonOf } from '../kernel/http/validate.ts'
import type { Knock } from './routes.ts'

const PATH = '/v1/track/click'

export function clickDoor(click: (knock: Knock) => Promise<TrackClickResult | null>, { maxBodyBytes, trustProxy }: { maxBodyBytes: number; trustProxy: boolean | number }): Door {
  async function answer(req: IncomingMessage, res: ServerResponse, length: string, requestId: string) {
    try {
      if (Number.parseInt(length, 10) > maxBodyBytes) throw tooLarge(maxBodyBytes)
      const body = jsonOf(await readAll(req))
      const raw = req.rawHeaders
      const ip = clientIpOf(trustProxy ? rawHeader(raw, 'x-forwarded-for') : undefined, () => req.socket.remoteAddress, trustProxy)
      const result = await click({ body, bearer: bearerOf(rawHeader(raw, 'authorization')), ip, network: networkOf(ip), userAgent: rawHeader(raw, 'user-agent') ?? '' })
      if (!result) send(res, 204, null, requestId) // not counted (fraud rules): the script goes on without a click id
      else send(res, result.duplicate ? 200 : 201, JSON.stringify(result), requestId)
    } catch (err) {
      const { status, body, headers } = errorAnswer(err, () => requestId)
      send(res, status, JSON.stringify(body), requestId, headers)
      if (!req.readableEnded) res.once('finish', () => drain(req)) // the 413, answered before its body
    }
  }
  return (req, res) => {
    if (req.method !== 'POST' || req.url !== PATH) return false
    const length = rawHeader(req.rawHeaders, 'content-length')
    // Chunked: Hono's limit counts the bytes as they come (kernel/http/body.ts)
    if (length === undefined || rawHeader(req.rawHeaders, 'transfer-encoding') !== undefined) return false
    void answer(req, res, length, requestIdFor(rawHeader(req.rawHeaders, REQUEST_ID_HEADER)))
    return true
  }
}

// As @hono/node-server after an answer sent before the body was read: the rest is read and dropped, so the
// connection can take its next request, but for half a second and 64 MB at most, then it is closed. Left to
// node, a 413 read on whatever length the client declared, for as long as it kept sending (or held still).
const DRAIN_MS = 500
const DRAIN_MAX = 64 * 1024 * 1024

function drain(req: IncomingMessage) {
  if (req.readableEnded || req.destroyed) return
  let read = 0
  const stop = () => {
    clearTimeout(timer)
    req.off('data', count).off('end', stop).off('error', stop)
  }
  const cut = () => {
    stop()
    if (!req.socket.destroyed) req.socket.destroySoon()
  }
  const count = (chunk: Buffer) => (read += chunk.length) > DRAIN_MAX && cut()
  const timer = setTimeout(cut, DRAIN_MS).unref()
  req.on('data', count).on('end', stop).on('error', stop)
  req.resume()
}

function send(res: ServerResponse, status: number, body: string | null, requestId: string, extra?: Record<string, string>) {
  const headers: Record<string, string | number> = openHeaders(requestId)
  if (extra) Object.assign(headers, extra)
  if (body !== null) {
    headers['Content-Type'] = 'application/json'
    headers['Content-Length'] = Buffer.byteLength(body)
  }
  // A client gone before its answer: nothing to write to
  if (res.destroyed) return
  res.writeHead(status, headers)
  res.end(body ?? undefined)
}
