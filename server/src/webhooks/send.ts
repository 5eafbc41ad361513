// One webhook POST, on node's http client: its `lookup` hook sees every address a name resolves to before
// the connection is made to one of them (destination.ts decides which may be), which fetch offers no way
// to do. Redirects are not followed (a 3xx is a failed try); only the opening of an answer is read.
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns'
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { BlockList } from 'node:net'
import { hostMayBeReached, mayConnect } from './destination.ts'

/** The destination is not public and its network is not allowed: nothing was sent. */
export class DestinationRefused extends Error {
  constructor() {
    super('destination not allowed (a private, loopback or reserved address)')
  }
}

export interface WebhookPost {
  url: string
  headers: Record<string, string>
  body: string
  timeoutMs: number
  /** Networks the operator allows besides public addresses */
  allowed: BlockList | null
  /** Characters of the answer kept; the rest is never read */
  keep: number
  /** How a name becomes addresses; default the system's (dns.lookup) */
  resolve?: Resolve
}

/** dns.lookup with `all: true`: every address of a name. */
export type Resolve = (hostname: string, options: LookupOptions & { all: true }, callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void

function guardedLookup(allowed: BlockList | null, resolve: Resolve) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback) => {
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, [])
      // Every answer must be allowed, not just the one tried first: a name may list an inward address too.
      if (addresses.length === 0 || addresses.some((a) => !mayConnect(a.address, allowed))) return callback(new DestinationRefused(), [])
      if (options.all) return callback(null, addresses)
      callback(null, addresses[0]!.address, addresses[0]!.family)
    })
  }
}

/** Sends the POST; resolves with the status and the answer's first `keep` characters, or rejects (refused, network, timeout). */
export function postWebhook({ url, headers, body, timeoutMs, allowed, keep, resolve = dnsLookup }: WebhookPost): Promise<{ status: number; opening: string }> {
  const target = new URL(url)
  if (!hostMayBeReached(target, allowed)) return Promise.reject(new DestinationRefused())
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest
  return new Promise((done, reject) => {
    const req = send(target, { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, lookup: guardedLookup(allowed, resolve), signal: AbortSignal.timeout(timeoutMs) }, (res) =>
      readOpening(res, keep).then((opening) => done({ status: res.statusCode ?? 0, opening }), reject),
    )
    req.on('error', reject)
    req.end(body)
  })
}

function readOpening(res: IncomingMessage, keep: number): Promise<string> {
  return new Promise((resolve) => {
    let text = ''
    res.setEncoding('utf8')
    const done = () => {
      res.removeAllListeners('data')
      res.destroy() // the rest is never read: a receiver answering hundreds of megabytes held them all in memory
      resolve(text.slice(0, keep))
    }
    res.on('data', (chunk: string) => {
      text += chunk
      if (text.length >= keep) done()
    })
    res.on('end', done)
    res.on('error', done) // an answer cut off: what came is enough
  })
}
