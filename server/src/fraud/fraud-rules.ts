// The fraud rules: from facts about a click or a conversion and the program's settings, which rules trip
// and what follows (count the click or not; flag or hold the commission). Pure: the facts are gathered by
// screen-click.ts and judge-conversion.ts, and holds.ts turns a hold into a status.
import type { FraudFlag, FraudRuleMode, FraudRules } from '@afflio/sdk/types'
import { isbot } from 'isbot'
import { canonicalEmail, selfReferral } from './self-referral.ts'
import { extended } from '../kernel/extended.ts'

/**
 * The defaults. Email matches and bots are held (not counted, for a click): the evidence is strong. A burst
 * of more than 20 clicks a minute from one address is more than a person clicks, even through a shared
 * office address, so it is not counted either. A shared address with the partner, a conversion within
 * 10 s of its click and a customer known before the click have innocent explanations (a household, an
 * autofilled form, a returning customer): they are flagged for a person to look at.
 */
export const DEFAULT_FRAUD_RULES: FraudRules = {
  selfReferral: 'hold',
  payoutEmail: 'hold',
  partnerAddress: 'flag',
  bot: 'hold',
  clickBurst: 'hold',
  fastConversion: 'flag',
  existingCustomer: 'flag',
  burstClicksPerMinute: 20,
  minSecondsToConvert: 10,
}

const MODES: readonly FraudRuleMode[] = ['off', 'flag', 'hold']
const parsed = new Map<string, FraudRules>()

/** A program's stored `fraud_rules` JSON over the defaults; anything malformed is the default. Cached by text. */
export function readFraudRules(stored: string): FraudRules {
  let rules = parsed.get(stored)
  if (rules) return rules
  let raw: Record<string, unknown> = {}
  try {
    const v: unknown = JSON.parse(stored)
    if (v && typeof v === 'object') raw = v as Record<string, unknown>
  } catch {}
  rules = { ...DEFAULT_FRAUD_RULES }
  for (const key of Object.keys(rules) as (keyof FraudRules)[]) {
    const v = raw[key]
    if (typeof rules[key] === 'number' ? Number.isInteger(v) && (v as number) > 0 : MODES.includes(v as FraudRuleMode)) (rules as unknown as Record<string, unknown>)[key] = v
  }
  if (parsed.size > 1000) parsed.clear()
  parsed.set(stored, rules)
  return rules
}

/** What a program stores: only what differs from the defaults, so a later change of a default reaches it. */
export function storedFraudRules(rules: FraudRules): string {
  const changed = Object.fromEntries(Object.entries(rules).filter(([k, v]) => DEFAULT_FRAUD_RULES[k as keyof FraudRules] !== v))
  return JSON.stringify(changed)
}

/**
 * Whether an address can be a visitor's: not unknown, loopback, private or link-local. Behind a proxy
 * that is not trusted (AFFLIO_TRUST_PROXY), every click comes from the proxy's address; the per-address
 * rules must not then count every visitor as one.
 */
export function isVisitorAddress(ip: string): boolean {
  const a = ip.toLowerCase().replace(/^::ffff:/, '')
  if (!a || a === 'unknown' || a === '::1' || a === '::') return false
  const v4 = a.match(/^(\d+)\.(\d+)\.\d+\.\d+$/)
  if (v4) {
    const [x, y] = [Number(v4[1]), Number(v4[2])]
    return !(x === 10 || x === 127 || x === 0 || (x === 169 && y === 254) || (x === 172 && y >= 16 && y <= 31) || (x === 192 && y === 168) || (x === 100 && y >= 64 && y <= 127))
  }
  return a.includes(':') && !/^(fc|fd|fe[89ab])/.test(a)
}

/**
 * A visitor's address as the per-address rules keep it: the program's and the address's keyed hash (the
 * deployment's secret: a plain hash of an address is undone by hashing all 2^32 of them); null when not a
 * visitor's. `keyed` is the database's (secretBoxFor(db).keyedHash), or its hashes under every key (keyedHashes).
 */
export function addressHash<H = string>(keyed: (text: string) => H, programId: string, ip: string): H | null {
  return isVisitorAddress(ip) ? keyed(`address|${programId}|${ip}`) : null
}

/** A click rule that tripped, as stored on the click (a commission's flag adds the click's id). */
export type ClickFlag = { kind: 'bot'; userAgent: string } | { kind: 'click_burst'; clicksPerMinute: number }

// isbot's pattern takes about 9 µs on a browser's user agent (it must fail every alternative); browsers
// send a few thousand distinct ones, so answers are kept: a repeat costs a map lookup (0.15 µs).
const botAnswers = new Map<string, boolean>()

/** Whether a user agent is a bot's, a crawler's, a tool's or a headless browser's (isbot's maintained list). */
export function isBot(userAgent: string): boolean {
  let answer = botAnswers.get(userAgent)
  if (answer === undefined) {
    if (botAnswers.size >= 10_000) botAnswers.clear()
    botAnswers.set(userAgent, (answer = isbot(userAgent)))
  }
  return answer
}

export interface ClickFacts {
  userAgent: string
  /** Clicks from the same address across the program in the last minute, before this one; null: no visitor address */
  recentClicks: number | null
}

/** A click's verdict: not counted (a rule on hold tripped), or counted with the rules on flag that tripped. */
export type ClickVerdict = { count: false; flags: ClickFlag[] } | { count: true; flags: ClickFlag[] }

/**
 * Bots (the `isbot` package's list of crawler, tool and headless-browser user agents; an empty user agent
 * is not judged) and bursts (more than `burstClicksPerMinute` clicks from one address a minute, this one
 * beyond them).
 */
export function judgeClick(facts: ClickFacts, rules: FraudRules): ClickVerdict {
  const tripped: { mode: FraudRuleMode; flag: ClickFlag }[] = []
  if (rules.bot !== 'off' && facts.userAgent && isBot(facts.userAgent)) tripped.push({ mode: rules.bot, flag: { kind: 'bot', userAgent: facts.userAgent.slice(0, 200) } })
  if (rules.clickBurst !== 'off' && facts.recentClicks !== null && facts.recentClicks >= rules.burstClicksPerMinute)
    tripped.push({ mode: rules.clickBurst, flag: { kind: 'click_burst', clicksPerMinute: rules.burstClicksPerMinute } })
  return { count: !tripped.some((t) => t.mode === 'hold'), flags: tripped.map((t) => t.flag) }
}

export interface ConversionFacts {
  /** When the sale happened, or the signup */
  occurredAt: string
  partnerEmail: string
  /** The partner's PayPal or Wise address, if it gave one */
  payoutEmail: string | null
  customerEmail: string | null
  /** The click credited with the conversion; null for a renewal, a won deal or a conversion without a click */
  click: {
    id: string
    createdAt: string
    /** The click rules it tripped on flag when it was counted */
    flags: ClickFlag[]
    /** The partner used the portal from the click's address */
    partnerAddress: boolean
  } | null
  /** The customer's creation, and the partner's first click on it; null when unknown */
  customerCreatedAt: string | null
  firstClickAt: string | null
}

export interface ConversionVerdict {
  /** The first rule on hold that tripped: the commission's hold reason; null: not held */
  hold: FraudFlag | null
  /** Every rule on flag or hold that tripped, in the order of the rules */
  flags: FraudFlag[]
}

/** Which rules a conversion trips, checked in this order (the first on hold is the hold reason). */
export function judgeConversion(facts: ConversionFacts, rules: FraudRules): ConversionVerdict {
  const tripped: { mode: FraudRuleMode; flag: FraudFlag }[] = []
  const trip = (mode: FraudRuleMode, flag: FraudFlag | null) => {
    if (mode !== 'off' && flag) tripped.push({ mode, flag })
  }
  const email = facts.customerEmail
  trip(rules.selfReferral, selfReferral(facts.partnerEmail, email))
  trip(rules.payoutEmail, email && facts.payoutEmail && canonicalEmail(email) === canonicalEmail(facts.payoutEmail) ? { kind: 'payout_email', customerEmail: email } : null)
  const click = facts.click
  if (click) {
    trip(rules.partnerAddress, click.partnerAddress ? { kind: 'partner_address', clickId: click.id } : null)
    for (const f of click.flags) trip(f.kind === 'bot' ? rules.bot : rules.clickBurst, extended(f, { clickId: click.id }))
    const seconds = Math.floor((Date.parse(facts.occurredAt) - Date.parse(click.createdAt)) / 1000)
    const min = rules.minSecondsToConvert
    trip(rules.fastConversion, seconds >= 0 && seconds < min ? { kind: 'fast_conversion', clickId: click.id, seconds, minSeconds: min } : null)
    const { customerCreatedAt: created, firstClickAt: first } = facts
    trip(rules.existingCustomer, created && first && created < first ? { kind: 'existing_customer', clickId: click.id, customerCreatedAt: created, firstClickAt: first } : null)
  }
  return { hold: tripped.find((t) => t.mode === 'hold')?.flag ?? null, flags: tripped.map((t) => t.flag) }
}
