// Where the servers' side effects land: a webhook receiver (node:http) that counts each event id it is
// sent, and an SMTP sink (smtp-server) that keeps each message's recipients and subject.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'

export interface ReceivedEvent {
  type: string
  /** the event's object id (`data.id`): a commission, payout, newsletter */
  dataId: string
  times: number
}

export interface Sinks {
  webhookUrl: string
  smtpUrl: string
  /** by Afflio-Event-Id */
  events: Map<string, ReceivedEvent>
  /** `${to} ${subject}` → how many times */
  mails: Map<string, number>
  /** Message-ID (Afflio's outbox row) → how many times it arrived */
  mailIds: Map<string, number>
  close(): Promise<void>
}

export async function startSinks(): Promise<Sinks> {
  const events = new Map<string, ReceivedEvent>()
  const mails = new Map<string, number>()
  const mailIds = new Map<string, number>()

  const http = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      const id = String(req.headers['afflio-event-id'] ?? '')
      const event = JSON.parse(body || '{}') as { type?: string; data?: { id?: string } }
      const seen = events.get(id)
      if (seen) seen.times++
      else events.set(id, { type: event.type ?? '', dataId: event.data?.id ?? '', times: 1 })
      res.writeHead(204).end()
    })
  })
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))

  const smtp = new SMTPServer({
    logger: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, session, cb) {
      simpleParser(stream).then(
        (mail) => {
          for (const to of session.envelope.rcptTo) {
            const key = `${to.address} ${mail.subject ?? ''}`
            mails.set(key, (mails.get(key) ?? 0) + 1)
          }
          const id = mail.messageId ?? ''
          mailIds.set(id, (mailIds.get(id) ?? 0) + 1)
          cb()
        },
        (err: Error) => cb(err),
      )
    },
  })
  // A sender's connection reset (a server process stopped between phases mid-conversation) is the
  // sender's business; unhandled, smtp-server's 'error' would end the bench.
  smtp.on('error', () => {})
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()))

  return {
    webhookUrl: `http://127.0.0.1:${(http.address() as AddressInfo).port}/hooks`,
    smtpUrl: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
    events,
    mails,
    mailIds,
    close: async () => {
      http.closeAllConnections()
      await Promise.all([new Promise((r) => http.close(r)), new Promise((r) => smtp.close(() => r(null)))])
    },
  }
}
