// The demo's mail server: a local SMTP server that keeps every message it is given, in memory, for the
// demo's /mail page. The API sends to it exactly as it would to a real one (SMTP_URL), so what shows there
// is what a partner's inbox would get.
import type { AddressInfo } from 'node:net'
import { simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'

export interface CapturedMail {
  /** 1, 2, …: the order it arrived in */
  id: number
  from: string
  to: string
  subject: string
  receivedAt: string
  text: string
  /** The HTML part, or null for a text-only email */
  html: string | null
  headers: Record<string, string>
}

const KEPT = 500

/** Listens on 127.0.0.1 (a free port); `url` is the SMTP_URL that sends to it. */
export async function startMailCapture() {
  const mails: CapturedMail[] = []
  let next = 1
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((m) => {
          mails.push({
            id: next++,
            from: m.from?.text ?? '',
            to: session.envelope.rcptTo.map((r) => r.address).join(', '),
            subject: m.subject ?? '',
            receivedAt: new Date().toISOString(),
            text: m.text ?? '',
            html: typeof m.html === 'string' ? m.html : null,
            headers: Object.fromEntries(m.headerLines.map((h) => [h.key, h.line.replace(/^[^:]+:\s*/, '')])),
          })
          if (mails.length > KEPT) mails.shift()
          callback()
        })
        .catch((err: Error) => callback(err))
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.server.address() as AddressInfo
  return {
    url: `smtp://127.0.0.1:${port}`,
    /** Oldest first */
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

export type MailCapture = Awaited<ReturnType<typeof startMailCapture>>
