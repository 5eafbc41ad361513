import { hash } from 'node:crypto'

/** Hex SHA-256 of the text's UTF-8; the one-shot hash, cheaper than a Hash object per call on the hot paths. */
export function sha256(text: string): string {
  return hash('sha256', text, 'hex')
}
