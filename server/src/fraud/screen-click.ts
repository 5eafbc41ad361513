// The click endpoint's fraud check, kept cheap: no database, one keyed hash, one user-agent match, one counter.
import type { KeyedHash } from '../kernel/hash.ts'
import type { ProgramRow } from '../programs/index.ts'
import { countClick } from './click-burst.ts'
import { addressHash, judgeClick, readFraudRules } from './fraud-rules.ts'

/** The click's fraud columns when it is counted. */
export interface ScreenedClick {
  address_hash: string | null
  fraud_data: string | null
}

/**
 * null: the click is not counted (a bot's, or beyond a burst, with the rule on hold). Otherwise the columns
 * to store with it: its address, hashed with the program under the deployment's key (the per-address rules compare hashes), and the
 * rules on flag it tripped. `keyed`: the database's keyed hash (secretBoxFor(db).keyedHash).
 */
export function screenClick(program: ProgramRow, visitor: { ip: string; userAgent: string }, now: Date, keyed: KeyedHash): ScreenedClick | null {
  const rules = readFraudRules(program.fraud_rules)
  const address = addressHash(keyed, program.id, visitor.ip)
  const recentClicks = address && rules.clickBurst !== 'off' ? countClick(address, now.getTime()) : null
  const verdict = judgeClick({ userAgent: visitor.userAgent, recentClicks }, rules)
  if (!verdict.count) return null
  return { address_hash: address, fraud_data: verdict.flags.length ? JSON.stringify(verdict.flags) : null }
}
