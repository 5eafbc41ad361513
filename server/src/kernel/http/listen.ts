// Starts an HTTP server for a fetch handler, resolving once it listens. A port that cannot be had (in use,
// not allowed) rejects with one line that names the variable to change, not Node's unhandled 'error' trace.
import type { Server } from 'node:http'
import { serve } from '@hono/node-server'

export interface Listening {
  port: number
  server: Server
}

/** `portVariable`: the setting that chose the port (PORT), named in the message when it is taken. */
export function listen(fetch: (req: Request) => Response | Promise<Response>, hostname: string, port: number, portVariable = 'PORT'): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, hostname, port }, (info) => {
      server.off('error', refuse)
      resolve({ port: info.port, server })
    }) as Server
    function refuse(err: NodeJS.ErrnoException) {
      const why = err.code === 'EADDRINUSE' ? 'is in use by another program' : err.code === 'EACCES' ? 'needs privileges this process lacks' : `cannot be used (${err.message})`
      reject(new Error(`Port ${port} on ${hostname} ${why}: stop that program or set ${portVariable} to another port.`, { cause: err }))
    }
    server.once('error', refuse)
  })
}
