// A newsletter before it goes out: rendered as its recipients will receive it (email-content.ts, the
// program's template), and a test copy sent at once to the manager. Neither saves nor queues anything.
import type { NewsletterPreview, NewsletterPreviewInput, SendTestNewsletterInput, TestNewsletterSent } from '@afflio/sdk/types'
import type { OutgoingMail } from '../kernel/http/env.ts'
import { ApiError, badRequest } from '../kernel/http/errors.ts'
import { fromHeader, newsletterEmail, type Sender, unsubscribeUrl } from './email-content.ts'

/** The unsubscribe link of a preview or a test copy: a recipient's own link, which only a real send mints, looks like it. */
const EXAMPLE_TOKEN = 'example'

export function previewNewsletter(sender: Sender, input: NewsletterPreviewInput, publicUrl: string): NewsletterPreview {
  const { subject, html, text } = newsletterEmail({ ...sender, subject: input.subject, body: input.body, format: input.format ?? 'text', unsubscribeUrl: unsubscribeUrl(publicUrl, EXAMPLE_TOKEN) })
  return { subject, html, text }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/**
 * Sends the newsletter once, as a partner would receive it, subject marked `[Test]`: to `to`, else to the
 * console's manager when the host named it by an email address. Sent at once over SMTP: a failure is the
 * answer (502), not a retry later.
 */
export async function sendTestNewsletter(mail: OutgoingMail | undefined, sender: Sender, input: SendTestNewsletterInput, manager: string | null): Promise<TestNewsletterSent> {
  const to = input.to ?? (manager && EMAIL.test(manager) ? manager : null)
  if (!to) throw badRequest('to: required (the console manager has no email address on record)', 'to')
  if (!mail) throw new ApiError(422, 'mail_not_configured', 'No mail server is configured (SMTP_URL), so no email can be sent')
  const email = previewNewsletter(sender, input, mail.publicUrl)
  try {
    await mail.transport.sendMail({ from: fromHeader(mail.from, sender.programName), to, subject: `[Test] ${email.subject}`, text: email.text, html: email.html })
  } catch (err) {
    throw new ApiError(502, 'unavailable', `The mail server refused the test email: ${err instanceof Error ? err.message : String(err)}`.slice(0, 500))
  }
  return { to }
}
