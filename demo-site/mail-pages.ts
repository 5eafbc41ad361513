// The demo's mailbox: every email the API sent while the demo runs (to the local SMTP capture), newest
// first, and one email with its HTML rendered (in a sandboxed frame: no script, no navigation of this page).
import type { CapturedMail } from './mail-capture.ts'
import { layout, type PageConfig } from './pages.ts'

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)

export const mailbox = (c: PageConfig, mails: readonly CapturedMail[]) =>
  layout(
    c,
    'Mail',
    `<div class="card"><h1>Mail sent by Afflio</h1>
<p class="muted">The demo runs a local SMTP server and the API sends to it (<code>SMTP_URL</code>): notices and newsletters land here instead of real inboxes.</p>
${
  mails.length === 0
    ? '<p id="empty">No email yet. Buy a plan through a partner link, or send a newsletter from the console.</p>'
    : `<table id="mails" style="width:100%;border-collapse:collapse"><thead><tr><th align="left">To</th><th align="left">Subject</th><th align="left">Received</th></tr></thead><tbody>
${[...mails]
  .reverse()
  .map((m) => `<tr><td>${esc(m.to)}</td><td><a href="/mail/${m.id}">${esc(m.subject || '(no subject)')}</a></td><td class="muted">${esc(m.receivedAt.slice(0, 19).replace('T', ' '))}</td></tr>`)
  .join('\n')}
</tbody></table>`
}</div>`,
  )

export const mailPage = (c: PageConfig, m: CapturedMail) =>
  layout(
    c,
    m.subject || 'Mail',
    `<div class="card"><p><a href="/mail">← All mail</a></p><h1 id="subject">${esc(m.subject)}</h1>
<p><b>From</b> ${esc(m.from)}<br><b>To</b> ${esc(m.to)}<br><b>Received</b> ${esc(m.receivedAt)}</p>
${m.headers['list-unsubscribe'] ? `<p class="muted">List-Unsubscribe: <code>${esc(m.headers['list-unsubscribe'])}</code></p>` : ''}
${
  m.html
    ? `<iframe id="html" sandbox title="The email" srcdoc="${esc(m.html)}" style="width:100%;height:520px;border:1px solid #e3e6ef;border-radius:8px;background:#fff"></iframe>`
    : ''
}
<details${m.html ? '' : ' open'}><summary>Text part</summary><pre style="white-space:pre-wrap">${esc(m.text)}</pre></details></div>`,
  )
