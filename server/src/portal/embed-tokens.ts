// Embed tokens: minted by the host's backend (secret key) so the widget can act as one partner.
//
// Random `et_` tokens stored as a sha256, not HMAC-signed ones: a self-hosted server then needs no
// signing secret to configure and rotate, a token can be revoked (one, or a partner's), and every portal
// request loads the partner and program anyway, so the lookup costs one primary-key read more. A token
// records the secret key that minted it (itself or through a console token) and works only while that
// key is not revoked: the lookup joins the key by its primary key.
import { unknownReference } from '../kernel/http/references.ts'
import type { CreateEmbedTokenInput, EmbedToken, RevokedTokens, RevokeEmbedTokensInput } from '@afflio/sdk/types'
import { recordAudit } from '../audit/index.ts'
import type { Db, Tx } from '../kernel/db/connect.ts'
import type { AuditContext } from '../kernel/http/audit-context.ts'
import type { ConsoleTokenRef } from '../kernel/http/env.ts'
import { UnknownCredential } from '../kernel/http/auth-throttle.ts'
import { ApiError, conflict } from '../kernel/http/errors.ts'
import { isUniqueViolation } from '../kernel/db/errors.ts'
import { sha256 } from '../kernel/hash.ts'
import { randomToken } from '../kernel/ids.ts'
import { revokeOwnerTokens, revokeTokenByHash, revokeUnattributedTokens, type TokenStore } from '../kernel/token-revocation-queries.ts'
import { findPartner, insertPartnerWithLink, type LinkProgram, type PartnerRow, partnersCreated } from '../partners/index.ts'
import type { ProgramRow } from '../programs/index.ts'
import {
  findEmbedToken,
  insertEmbedToken,
  partnersByExternalIdOrEmail,
  sessionRows,
  setExternalId,
  sweepExpiredTokens,
} from './token-queries.ts'

export const DEFAULT_TOKEN_SECONDS = 3600
/**
 * Expired tokens are kept this long so they still answer `token_expired` (the widget then asks
 * the host for a new one) instead of `unauthorized` (the widget gives up).
 */
const KEEP_EXPIRED_MS = 30 * 86_400_000
const EMBED_TOKENS: TokenStore = { table: 'embed_tokens', owner: 'partner_id' }

export interface PortalSession {
  program: ProgramRow
  partner: PartnerRow
  locale: string | null
  /** sha256 of the token: the rate limiter's key */
  tokenHash: string
}

/** One partner of one program: what the portal's figures need, whether the partner or the program asks. */
export type PartnerScope = Pick<PortalSession, 'program' | 'partner'>

const suspended = () => new ApiError(403, 'forbidden', 'This partner is suspended')

/**
 * Mints a token for a partner, found by id or by the host's user id (created when new). The partner,
 * its first link and the token are written in one transaction. `minter.keyId`: the secret key behind the
 * request (null: a console token minted before keys were recorded); `minter.consoleToken`: the console
 * token behind it, if one is: the embed token then expires no later than it, and ends when it is revoked.
 */
export async function createEmbedToken(db: Db, program: LinkProgram, input: CreateEmbedTokenInput, audit: AuditContext, minter: Minter): Promise<EmbedToken> {
  try {
    return await db.transaction().execute((tx) => mint(tx, program, input, audit, minter))
  } catch (err) {
    if (!isUniqueViolation(err) || !input.externalId) throw err
    // A concurrent mint created the same partner first: this time it is found.
    return db.transaction().execute((tx) => mint(tx, program, input, audit, minter))
  }
}

/** The credential minting an embed token: the secret key behind it, and the console token if one is. */
export interface Minter {
  keyId: string | null
  consoleToken?: ConsoleTokenRef | undefined
}

async function mint(tx: Tx, program: LinkProgram, input: CreateEmbedTokenInput, audit: AuditContext, { keyId, consoleToken }: Minter): Promise<EmbedToken> {
  const now = audit.at
  const programId = program.id
  const partner = input.partnerId ? await byId(tx, programId, input.partnerId) : await findOrCreate(tx, program, input as ByExternalId, audit)
  if (partner.status === 'suspended') throw suspended()

  const at = now.toISOString()
  const token = `et_${randomToken(32)}`
  const asked = new Date(now.getTime() + (input.expiresInSeconds ?? DEFAULT_TOKEN_SECONDS) * 1000).toISOString()
  const expiresAt = consoleToken && consoleToken.expiresAt < asked ? consoleToken.expiresAt : asked
  await sweepExpiredTokens(tx, partner.id, new Date(now.getTime() - KEEP_EXPIRED_MS).toISOString())
  await insertEmbedToken(tx, { token_hash: sha256(token), program_id: programId, partner_id: partner.id, locale: input.locale ?? null, key_id: keyId, console_token_hash: consoleToken?.hash ?? null, revoked_at: null, expires_at: expiresAt, created_at: at })
  await recordAudit(tx, programId, audit, { action: 'embed_token.issued', subject: { type: 'partner', id: partner.id }, before: null, after: { expiresAt } })
  return { token, partnerId: partner.id, expiresAt }
}

async function byId(tx: Tx, programId: string, partnerId: string): Promise<PartnerRow> {
  const partner = await findPartner(tx, programId, partnerId)
  if (!partner) throw unknownReference('partner', partnerId, 'partnerId')
  return partner
}

type ByExternalId = Extract<CreateEmbedTokenInput, { externalId: string }>

/**
 * The partner with this external id. Else one with this email and no external id yet is adopted
 * (it was created through the API before the host embedded the portal). Else a new partner, with its
 * first link as POST /v1/partners gives one.
 */
async function findOrCreate(tx: Tx, program: LinkProgram, input: ByExternalId, audit: AuditContext): Promise<Pick<PartnerRow, 'id' | 'status'>> {
  const matches = await partnersByExternalIdOrEmail(tx, program.id, input.externalId, input.email)
  const found = matches.find((p) => p.external_id === input.externalId)
  if (found) return found

  const byEmail = matches.find((p) => p.email === input.email)
  if (byEmail) {
    if (byEmail.external_id !== null) {
      throw conflict(`A partner with email ${input.email} belongs to another externalId (${byEmail.id})`, 'email')
    }
    await setExternalId(tx, byEmail.id, input.externalId)
    return byEmail
  }

  const created = await insertPartnerWithLink(tx, program, { email: input.email, name: input.name, externalId: input.externalId }, audit.at)
  await partnersCreated(tx, program.id, [created], audit)
  return { id: created.id, status: created.status }
}

/**
 * The session behind a bearer token. Unknown (or tampered) tokens get `unauthorized`, expired ones
 * `token_expired`: the widget refreshes on the second only.
 */
export async function resolveEmbedToken(db: Db, token: string | null, now: Date): Promise<PortalSession> {
  if (!token) throw new ApiError(401, 'unauthorized', 'Missing embed token: send Authorization: Bearer et_…')
  if (!/^et_[0-9a-z]{32}$/.test(token)) throw new UnknownCredential('Malformed embed token')
  const tokenHash = sha256(token)
  const row = await findEmbedToken(db, tokenHash)
  if (!row) throw new UnknownCredential('Unknown embed token')
  // Revoked: issued, not guessed, so not counted against the address; the widget stops (no refresh).
  if (row.revoked_at !== null) throw new ApiError(401, 'unauthorized', 'This embed token was revoked')
  if (row.key_revoked_at !== null) throw new ApiError(401, 'unauthorized', 'The secret key that minted this embed token was revoked')
  if (row.console_revoked_at !== null) throw new ApiError(401, 'unauthorized', 'The console token that minted this embed token was revoked')
  if (row.expires_at <= now.toISOString()) throw new ApiError(401, 'token_expired', 'The embed token has expired: mint a new one')
  const [program, partner] = await sessionRows(db, row)
  if (partner.status === 'suspended') throw suspended()
  return { program, partner, locale: row.locale, tokenHash }
}

/** Ends one live token of the program, or every live token of a partner (404 when not the program's); audited on the partner. */
export async function revokeEmbedTokens(db: Db, programId: string, input: RevokeEmbedTokensInput, audit: AuditContext): Promise<RevokedTokens> {
  const at = audit.at.toISOString()
  return db.transaction().execute(async (tx) => {
    let partnerId: string | undefined
    let revoked: number
    if (input.token !== undefined) {
      partnerId = await revokeTokenByHash(tx, EMBED_TOKENS, programId, sha256(input.token), at)
      revoked = partnerId === undefined ? 0 : 1
    } else {
      partnerId = (await byId(tx, programId, input.partnerId)).id
      revoked = await revokeOwnerTokens(tx, EMBED_TOKENS, programId, partnerId, at)
    }
    if (partnerId !== undefined && revoked > 0) {
      await recordAudit(tx, programId, audit, { action: 'embed_token.revoked', subject: { type: 'partner', id: partnerId }, before: null, after: { revoked } })
    }
    return { revoked }
  })
}

/** A key of the program was revoked: its tokens that name no key end too (any key may have minted them). */
export function revokeUnattributedEmbedTokens(tx: Tx, programId: string, at: string): Promise<number> {
  return revokeUnattributedTokens(tx, EMBED_TOKENS, programId, at)
}
