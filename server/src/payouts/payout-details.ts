// Payout details checks that a schema cannot express. Pure.

/**
 * ISO 13616 IBAN check: country, check digits, and the mod-97 remainder of the rearranged number.
 *
 * @example isValidIban('DE89 3704 0044 0532 0130 00') // true
 */
export function isValidIban(input: string): boolean {
  const iban = input.replace(/\s+/g, '').toUpperCase()
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false
  const rearranged = iban.slice(4) + iban.slice(0, 4)
  let rem = 0
  for (const ch of rearranged) {
    const v = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch
    for (const d of v) rem = (rem * 10 + Number(d)) % 97
  }
  return rem === 1
}

/** Looks like an IBAN (two letters, two digits): then it must be a valid one. */
export function looksLikeIban(input: string): boolean {
  return /^[A-Za-z]{2}\d{2}/.test(input.replace(/\s+/g, ''))
}
