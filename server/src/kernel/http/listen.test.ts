import { createServer } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { listen, type Listening } from './listen.ts'

describe('listen', () => {
  const open: Array<{ close(cb: () => void): unknown }> = []
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => new Promise<void>((done) => s.close(() => done()))))
  })

  it('resolves with the port it got, serving the handler', async () => {
    const l: Listening = await listen(() => new Response('hi'), '127.0.0.1', 0)
    open.push(l.server)
    expect(l.port).toBeGreaterThan(0)
    expect(await (await fetch(`http://127.0.0.1:${l.port}/`)).text()).toBe('hi')
  })

  it('a port in use rejects with one line naming the setting to change', async () => {
    const holder = createServer()
    await new Promise<void>((done) => holder.listen(0, '127.0.0.1', done))
    open.push(holder)
    const port = (holder.address() as { port: number }).port
    await expect(listen(() => new Response(null), '127.0.0.1', port, 'SITE_PORT')).rejects.toThrow(`Port ${port} on 127.0.0.1 is in use by another program: stop that program or set SITE_PORT to another port.`)
  })

  it('an address not this machine’s rejects naming HOST, not the port', async () => {
    await expect(listen(() => new Response(null), '192.0.2.1', 0)).rejects.toThrow(/^Cannot listen on 192\.0\.2\.1:0 \(EADDRNOTAVAIL\): is HOST an address of this machine\?$/)
  })
})
