// Starts an HTTP server for a fetch handler, resolving once it listens. A port that cannot be had (in use,
// not allowed, an address not this machine's) rejects with one line that names the setting to change, not
// Node's unhandled 'error' trace.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { serve } from '@hono/node-server'

export interface Listening {
  port: number
  server: Server
}

/** A handler on node's server ahead of the app that answers some requests itself (true), or leaves them to it (false, nothing read). */
export type Door = (req: IncomingMessage, res: ServerResponse) => boolean

/**
 * `portVariable`: the setting that chose the port (PORT), named in the message when it is taken. `door`:
 * asked first for each request (the click's, tracking/click-door.ts).
 */
export function listen(fetch: (req: Request) => Response | Promise<Response>, hostname: string, port: number, portVariable = 'PORT', door?: Door): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const withDoor = door && ((options: object, app: (req: IncomingMessage, res: ServerResponse) => void) => createServer(options, (req, res) => door(req, res) || app(req, res)))
    const server = serve({ fetch, hostname, port, ...(withDoor && { createServer: withDoor as never }) }, (info) => {
      server.off('error', refuse)
      resolve({ port: info.port, server })
    }) as Server
    function refuse(err: NodeJS.ErrnoException) {
      const message =
        err.code === 'EADDRINUSE'
          ? `Port ${port} on ${hostname} is in use by another program: stop that program or set ${portVariable} to another port.`
          : err.code === 'EACCES'
            ? `Port ${port} on ${hostname} needs privileges this process lacks: set ${portVariable} to a port above 1023.`
            : `Cannot listen on ${hostname}:${port} (${err.code ?? err.message}): is HOST an address of this machine?`
      reject(new Error(message, { cause: err }))
    }
    server.once('error', refuse)
  })
}
