// A newsletter before it goes out: rendered as its recipients will receive it (email-content.ts, the
// program's template), and a test copy sent at once to the manager. Neither saves a newsletter nor queues
// an email; a test copy is recorded in the audit log, which also caps how many a program sends an hour.
import type { NewsletterPreview, NewsletterPreviewInput, SendTestNewsletterInput, TestNewsletterSent } from '@afflio/sdk/types'
import { auditTimesAfter, recordAudit } from '../audit/index.ts'
import type { Db } from '../kernel/db/connect.ts'
import type { AuditContext } from '../kernel/http/audit-context.ts'
import type { OutgoingMail } from '../kernel/http/env.ts'
import { ApiError, badRequest } from '../kernel/http/errors.ts'
import { fromHeader, newsletterEmail, type Sender, unsubscribeUrl } from './email-content.ts'
import { lockTestCopies } from './newsletter-queries.ts'
import { TEST_COPIES_PER_HOUR, testCopyWait, testCopyWindowStart } from './test-copy-rules.ts'

/** The unsubscribe link of a preview or a test copy: a recipient's own link, which only a real send mints, looks like it. */
const EXAMPLE_TOKEN = 'example'

export function previewNewsletter(sender: Sender, input: NewsletterPreviewInput, publicUrl: string): NewsletterPreview {
  const { subject, html, text } = newsletterEmail({ ...sender, subject: input.subject, body: input.body, format: input.format ?? 'text', unsubscribeUrl: unsubscribeUrl(publicUrl, EXAMPLE_TOKEN) })
  return { subject, html, text }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/**
 * Sends the newsletter once, as a partner would receive it, subject marked `[Test]`: to `to`, else to the
 * console's manager when the host named it by an email address. At most TEST_COPIES_PER_HOUR a program
 * (429 with Retry-After past it), each recorded in the audit log (`newsletter.test_sent`, with the address)
 * before it goes: one the mail server then refuses still counts. Sent at once over SMTP: a failure is the
 * answer (502), not a retry later.
 */
export async function sendTestNewsletter(
  db: Db,
  mail: OutgoingMail | undefined,
  program: Sender & { id: string },
  input: SendTestNewsletterInput,
  manager: string | null,
  audit: AuditContext,
): Promise<TestNewsletterSent> {
  const to = input.to ?? (manager && EMAIL.test(manager) ? manager : null)
  if (!to) throw badRequest('to: required (the console manager has no email address on record)', 'to')
  if (!mail) throw new ApiError(422, 'mail_not_configured', 'No mail server is configured (SMTP_URL), so no email can be sent')
  const sender: Sender = { programName: program.programName, brandColor: program.brandColor }
  const email = previewNewsletter(sender, input, mail.publicUrl)
  await db.transaction().execute(async (tx) => {
    await lockTestCopies(tx, program.id)
    const wait = testCopyWait(await auditTimesAfter(tx, program.id, 'newsletter.test_sent', testCopyWindowStart(audit.at)), audit.at)
    if (wait !== null) {
      throw new ApiError(429, 'rate_limited', `A program sends at most ${TEST_COPIES_PER_HOUR} test copies an hour: wait Retry-After seconds`, undefined, { 'Retry-After': String(wait) })
    }
    await recordAudit(tx, program.id, audit, { action: 'newsletter.test_sent', subject: { type: 'program', id: program.id }, before: null, after: { to, subject: input.subject } })
  })
  try {
    await mail.transport.sendMail({ from: fromHeader(mail.from, sender.programName), to, subject: `[Test] ${email.subject}`, text: email.text, html: email.html })
  } catch (err) {
    throw new ApiError(502, 'unavailable', `The mail server refused the test email: ${err instanceof Error ? err.message : String(err)}`.slice(0, 500))
  }
  return { to }
}
