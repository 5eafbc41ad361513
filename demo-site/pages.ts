// The fictional SaaS "Acme Analytics": plain HTML pages, each with the Afflio script tag as a user pastes it.
import { earningsCopy } from './seed-program.ts'

export interface PageConfig {
  apiUrl: string
  publishableKey: string
}

const style = `
  *{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,sans-serif;color:#1d2433;background:#f6f7fb}
  header{display:flex;flex-wrap:wrap;gap:8px 24px;align-items:center;padding:16px 32px;background:#fff;border-bottom:1px solid #e3e6ef}
  @media (max-width:600px){header{padding:12px 16px;gap:4px 16px}header b{flex-basis:100%}}
  header b{font-size:18px;margin-right:auto}a{color:#4f46e5}main{max-width:960px;margin:32px auto;padding:0 24px}
  .card{background:#fff;border:1px solid #e3e6ef;border-radius:12px;padding:24px;margin-bottom:24px}
  button{background:#4f46e5;color:#fff;border:0;border-radius:8px;padding:10px 18px;font:inherit;cursor:pointer}
  input{font:inherit;padding:8px 12px;border:1px solid #c9cedb;border-radius:8px;margin-right:8px}
  code{background:#eef0f7;padding:2px 6px;border-radius:4px}.muted{color:#667085}
`

export function layout(c: PageConfig, title: string, body: string, extraHead = ''): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title} · Acme Analytics</title><style>${style}</style>
<script>window.afflio=window.afflio||function(){(afflio.q=afflio.q||[]).push(arguments)}</script>
<script async src="/afflio.js" data-key="${c.publishableKey}" data-api="${c.apiUrl}"></script>${extraHead}
</head><body><header><b>Acme Analytics</b><a href="/">Home</a><a href="/signup">Sign up</a><a href="/checkout">Pricing</a>
<a href="/partners">Partner portal</a><a href="/console">Program console</a><a href="/mail">Mail</a></header><main>${body}</main></body></html>`
}

export const landing = (c: PageConfig) =>
  layout(
    c,
    'Home',
    `<div class="card"><h1>Analytics your team will actually read</h1>
<p>This is a demo SaaS site with the Afflio script tag in its head. Arrive through a partner's link and the click is recorded.</p>
<p>Try a partner link: <a href="/?ref=ALICE">/?ref=ALICE</a> · <a href="/?via=BOB">/?via=BOB</a> · <a href="/?aff=CAROL">/?aff=CAROL</a></p>
<p>Referral click id in your cookie: <code id="click">…</code></p></div>
<div class="card"><h2>Then</h2><ol><li><a href="/signup">Sign up</a>: the backend records a lead with the SDK.</li>
<li><a href="/checkout">Buy a plan</a>: the backend records the sale; the partner earns ${earningsCopy()}.</li>
<li><a href="/partners">Open the partner portal</a> embedded in this app.</li></ol></div>
<script>afflio('ready', function (r) { document.getElementById('click').textContent = r.clickId || 'none (no ?ref= yet)' })</script>`,
  )

export const signup = (c: PageConfig, message = '') =>
  layout(
    c,
    'Sign up',
    `<div class="card"><h1>Create your account</h1>${message ? `<p><b>${message}</b></p>` : ''}
<form method="post" action="/signup"><input type="hidden" name="afflio_click">
<label>Email <input name="email" type="email" required placeholder="you@company.com"></label><button>Sign up</button></form>
<p class="muted">The hidden <code>afflio_click</code> input is filled by the script; the backend passes it to <code>afflio.track.lead()</code>.</p></div>`,
  )

export const checkout = (c: PageConfig, message = '') =>
  layout(
    c,
    'Pricing',
    `<div class="card"><h1>Pick a plan</h1>${message ? `<p><b>${message}</b></p>` : ''}
<form method="post" action="/checkout"><input type="hidden" name="afflio_click">
<label>Email <input name="email" type="email" required placeholder="you@company.com"></label>
<button name="plan" value="starter">Starter · $29</button> <button name="plan" value="pro">Pro · $99</button></form>
<p class="muted">The backend records the sale with <code>afflio.track.sale()</code>, idempotent on the invoice id.</p></div>`,
  )

export const portal = (c: PageConfig, token: string, partnerName: string) =>
  layout(
    c,
    'Partner portal',
    `<div class="card"><h1>Partner program</h1><p class="muted">Signed in as ${partnerName}. The portal below is the
<code>&lt;afflio-portal&gt;</code> element, minted a token by this app's backend.</p>
<afflio-portal token="${token}" api="${c.apiUrl}"></afflio-portal></div>
<script>document.addEventListener('afflio:token-expired', function (e) {
  e.detail.provide(fetch('/api/afflio-token').then(function (r) { return r.json() }).then(function (b) { return b.token }))
})</script>`,
    '<script src="/afflio-portal.js" defer></script>',
  )

export const programConsole = (c: PageConfig, token: string, managerName: string) =>
  layout(
    c,
    'Program console',
    `<div class="card"><h1>Partner program admin</h1><p class="muted">Signed in as ${managerName}. The console below is the
<code>&lt;afflio-console&gt;</code> element, with a console token this app's backend minted with its secret key.</p>
<afflio-console token="${token}" api="${c.apiUrl}"></afflio-console></div>
<script>document.addEventListener('afflio:token-expired', function (e) {
  e.detail.provide(fetch('/api/afflio-console-token').then(function (r) { return r.json() }).then(function (b) { return b.token }))
})</script>`,
    '<script src="/afflio-console.js" defer></script>',
  )
