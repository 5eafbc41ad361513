// Pure. In the kernel because two features show customers to partners: the customer list (customers/)
// and a commission's explanation (ledger/).

/**
 * A customer's address as their partner sees it: enough to recognise someone they referred, not to contact
 * or identify a stranger. The first character of the local part and the whole domain stay.
 *
 * @example maskEmail('alice.smith@example.com') // 'a•••@example.com'
 */
export function maskEmail(email: string | null): string | null {
  if (!email) return null
  const at = email.lastIndexOf('@')
  if (at < 1) return '•••'
  return `${email[0]}•••${email.slice(at)}`
}
