// The load's HTTP client: JSON requests over keep-alive to one of the servers, every answer counted by
// kind (click, sale, portal, …) with its status and latency, and every 5xx or network error kept to print.
import { Agent, request } from 'node:http'
import { performance } from 'node:perf_hooks'

export interface Answer<T = unknown> {
  status: number
  body: T
  headers: Record<string, string | string[] | undefined>
}

export interface KindStats {
  requests: number
  statuses: Map<number, number>
  latencies: number[]
}

export interface CallOptions {
  token?: string
  body?: unknown
  headers?: Record<string, string>
}

const TIMEOUT_MS = 30_000

class StaleSocket extends Error {
  override message = 'ECONNRESET on a reused keep-alive socket'
}

export class LoadClient {
  readonly stats = new Map<string, KindStats>()
  /** 5xx answers and network errors: `kind method path → status body` */
  readonly failures: string[] = []
  /** requests sent again after a stale keep-alive socket */
  staleSockets = 0
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 64 })

  constructor(readonly bases: string[]) {}

  /** Sends to the `at`-th server (modulo their number), as a load balancer would; counts under `kind`. */
  async call<T = any>(kind: string, at: number, method: string, path: string, opts: CallOptions = {}): Promise<Answer<T>> {
    const base = new URL(this.bases[at % this.bases.length]!)
    const body = opts.body === undefined ? '' : JSON.stringify(opts.body)
    const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...opts.headers }
    if (opts.token) headers.authorization = `Bearer ${opts.token}`
    const sent = performance.now()
    let answer: Answer<T>
    const send = () =>
      new Promise<Answer<T>>((resolve, reject) => {
        const req = request({ agent: this.agent, host: base.hostname, port: base.port, path, method, headers }, (res) => {
          let text = ''
          res.setEncoding('utf8')
          res.on('data', (c: string) => (text += c))
          res.on('end', () => {
            let parsed: unknown = text
            try {
              parsed = text ? JSON.parse(text) : null
            } catch {}
            resolve({ status: res.statusCode ?? 0, body: parsed as T, headers: res.headers })
          })
          res.on('error', reject)
        })
        req.setTimeout(TIMEOUT_MS, () => req.destroy(new Error('timeout')))
        // A kept-alive socket the server closed as idle just as we reused it: the request never reached the
        // server (Node's advice is to send it again). Not a server failure; counted apart.
        req.on('error', (err: NodeJS.ErrnoException) => (req.reusedSocket && err.code === 'ECONNRESET' ? reject(new StaleSocket()) : reject(err)))
        req.end(body)
      })
    try {
      // The pool may hold several stale sockets; each try discards one.
      for (let tries = 1; ; tries++) {
        try {
          answer = await send()
          break
        } catch (err) {
          if (!(err instanceof StaleSocket) || tries === 5) throw err
          this.staleSockets++
        }
      }
    } catch (err) {
      const e = err as NodeJS.ErrnoException
      answer = { status: 0, body: `${e.code ?? ''} ${e.message || String(err)}`.trim() as T, headers: {} }
    }
    const s: KindStats = this.stats.get(kind) ?? { requests: 0, statuses: new Map(), latencies: [] }
    this.stats.set(kind, s)
    s.requests++
    s.statuses.set(answer.status, (s.statuses.get(answer.status) ?? 0) + 1)
    s.latencies.push(performance.now() - sent)
    if (answer.status >= 500 || answer.status === 0) this.failures.push(`${kind} ${method} ${path} → ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`)
    return answer
  }

  /** Every item of a cursor-paged list (`{ data, nextCursor }`), 100 a page. */
  async all<T>(token: string, path: string): Promise<T[]> {
    const items: T[] = []
    let cursor: string | null = null
    do {
      const sep = path.includes('?') ? '&' : '?'
      const page: Answer<{ data: T[]; nextCursor: string | null }> = await this.call('check', 0, 'GET', `${path}${sep}limit=100${cursor ? `&cursor=${cursor}` : ''}`, { token })
      if (page.status !== 200) throw new Error(`GET ${path}: ${page.status} ${JSON.stringify(page.body)}`)
      items.push(...page.body.data)
      cursor = page.body.nextCursor
    } while (cursor)
    return items
  }

  close(): void {
    this.agent.destroy()
  }
}
