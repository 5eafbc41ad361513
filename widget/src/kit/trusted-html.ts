// HTML the server made safe (a newsletter's markdown, a QR code's SVG), for dangerouslySetInnerHTML. A host
// page that enforces Trusted Types (CSP `require-trusted-types-for 'script'`) refuses plain strings there,
// and the view holding them went blank: the string is passed through the widget's own policy, `afflio`.
// A host that also lists allowed policy names (`trusted-types …`) adds `afflio` (and 'allow-duplicates'
// when it embeds more than one Afflio widget script).

interface Policy {
  createHTML(html: string): unknown
}

let policy: Policy | null | undefined
// One object per string: Preact sets innerHTML again whenever `__html` is another object than last time.
const made = new Map<string, { __html: string }>()

/** `{ __html }` for dangerouslySetInnerHTML: TrustedHTML where the page enforces Trusted Types, else the string. */
export function trustedHtml(html: string): { __html: string } {
  let value = made.get(html)
  if (!value) {
    if (policy === undefined) {
      const tt = (globalThis as { trustedTypes?: { createPolicy(name: string, rules: { createHTML: (s: string) => string }): Policy } }).trustedTypes
      try {
        policy = tt ? tt.createPolicy('afflio', { createHTML: (s) => s }) : null
      } catch {
        policy = null // a policy name the host does not allow: the plain string, which such a host refuses
      }
    }
    value = { __html: (policy ? policy.createHTML(html) : html) as string }
    if (made.size > 200) made.clear()
    made.set(html, value)
  }
  return value
}
