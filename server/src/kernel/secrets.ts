// Secrets at rest: the few values Afflio must be able to read back (Stripe's API key and webhook signing
// secret, outgoing webhook signing secrets, stored idempotent responses, which can carry a secret shown
// once) are sealed with AES-256-GCM before they are written, and opened where they are used.
//
// A sealed value is `v1:<key id>:<iv>:<ciphertext and tag>` (base64url; the key id is 8 hex characters of a
// hash of the key, so a value names the key that opens it). AFFLIO_ENCRYPTION_KEY is the current key, used to
// seal; AFFLIO_ENCRYPTION_KEY_PREVIOUS (comma-separated) only opens. A value without the `v1:` prefix is legacy
// plain text from before sealing: it is read as it is, and `afflio rotate-secrets` seals it, as it re-seals
// values of previous keys under the current one. (Migrations are frozen and take no app code, so there is
// no migration that seals existing rows.)
//
// The same keys give the keyed hashes (`keyedHash`): values kept only to be compared, such as a visitor's
// address, hashed with HMAC-SHA256 under a key derived from the encryption key (never the key itself), so
// nobody holding only the database can find the address by hashing every candidate.
//
// The keys belong to the database they seal: connect() binds a SecretBox to the Db it returns (see
// secretBoxFor), found from the environment or, for a SQLite file and no AFFLIO_ENCRYPTION_KEY, from a key
// file created beside the database.
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto'
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import type { Db, Tx } from './db/connect.ts'
import { hmacSha256, type KeyedHash } from './hash.ts'
import { replaceStoredSecret, type SecretColumn, storedSecrets } from './secret-queries.ts'

const PREFIX = 'v1'
const IV_BYTES = 12
const TAG_BYTES = 16

export const KEY_HELP = '32 bytes, as 64 hex characters or base64 (generate one with: openssl rand -base64 32)'

/** A 32-byte key from hex or base64 (standard or url-safe); throws a message naming `name` otherwise. */
export function parseSecretKey(text: string, name = 'AFFLIO_ENCRYPTION_KEY'): Buffer {
  const value = text.trim()
  let key: Buffer | undefined
  if (/^[0-9a-fA-F]{64}$/.test(value)) key = Buffer.from(value, 'hex')
  else if (/^[A-Za-z0-9+/_-]{43}={0,1}$/.test(value)) key = Buffer.from(value, 'base64')
  if (!key || key.length !== 32) throw new Error(`${name} must be ${KEY_HELP}`)
  return key
}

export function keyId(key: Buffer): string {
  return createHash('sha256').update('afflio secret key id\0').update(key).digest('hex').slice(0, 8)
}

/** Seals with the current key; opens with it or any previous one. */
export class SecretBox {
  readonly keyId: string
  readonly #current: Buffer
  readonly #keys = new Map<string, Buffer>()
  readonly #keyedHashes: KeyedHash[]
  /**
   * A keyed hash of `text` under the current key (hex HMAC-SHA256, its key derived once from the current
   * key): for values kept only to be compared, like a visitor's address, which a plain hash gives away to
   * anyone hashing every candidate. A function of its own, to hand to pure code.
   */
  readonly keyedHash: KeyedHash

  constructor(current: Buffer, previous: readonly Buffer[] = []) {
    this.#current = current
    this.keyId = keyId(current)
    for (const key of [current, ...previous]) if (!this.#keys.has(keyId(key))) this.#keys.set(keyId(key), key)
    this.#keyedHashes = [...this.#keys.values()].map(keyedHashOf)
    this.keyedHash = this.#keyedHashes[0]!
  }

  /**
   * `text`'s keyed hash under every configured key, the current one first: what a value noted now is kept
   * as, so that it matches values hashed before a rotation while their key is still a previous key.
   */
  keyedHashes(text: string): string[] {
    return this.#keyedHashes.map((h) => h(text))
  }

  seal(plaintext: string): string {
    const iv = randomBytes(IV_BYTES)
    const header = `${PREFIX}:${this.keyId}`
    const cipher = createCipheriv('aes-256-gcm', this.#current, iv)
    cipher.setAAD(Buffer.from(header))
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()])
    return `${header}:${iv.toString('base64url')}:${body.toString('base64url')}`
  }

  /** The plain text of a sealed value; a value without the envelope is legacy plain text, returned as it is. */
  open(stored: string): string {
    if (!isSealed(stored)) return stored
    const [, id, iv64, body64] = stored.split(':')
    const key = this.#keys.get(id ?? '')
    if (!key) throw new Error(`A secret is sealed with key ${id}, which is neither AFFLIO_ENCRYPTION_KEY nor in AFFLIO_ENCRYPTION_KEY_PREVIOUS`)
    const iv = Buffer.from(iv64 ?? '', 'base64url')
    const body = Buffer.from(body64 ?? '', 'base64url')
    if (iv.length !== IV_BYTES || body.length < TAG_BYTES) throw new Error('A sealed secret is malformed')
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv)
      decipher.setAAD(Buffer.from(`${PREFIX}:${id}`))
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES))
      return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString('utf8')
    } catch {
      throw new Error(`A sealed secret failed authentication (key ${id}): it was altered, or sealed with another key of the same id`)
    }
  }

  /** A signature of `text` (base64url HMAC-SHA256 under a key derived from the current one): links nobody can forge. */
  sign(text: string): string {
    return mac(this.#current, text)
  }

  /** Whether `signature` is `text`'s under the current key or a previous one (a link outlives a key rotation). */
  verify(text: string, signature: string): boolean {
    const given = Buffer.from(signature)
    for (const key of this.#keys.values()) {
      const expected = Buffer.from(mac(key, text))
      if (expected.length === given.length && timingSafeEqual(expected, given)) return true
    }
    return false
  }

  /** Sealed with the current key: nothing for rotation to do. */
  isCurrent(stored: string): boolean {
    return stored.startsWith(`${PREFIX}:${this.keyId}:`)
  }
}

// Signing uses a key of its own, derived from the sealing key, so a signature reveals nothing about sealed values.
function mac(key: Buffer, text: string): string {
  const signingKey = createHmac('sha256', key).update('afflio signing key').digest()
  return createHmac('sha256', signingKey).update(text).digest('base64url')
}

// Keyed hashing uses a key of its own too, derived (HKDF) from the sealing key: 64 bytes of 7 bits, which the
// fast HMAC in hash.ts takes.
function keyedHashOf(key: Buffer): KeyedHash {
  return hmacSha256(Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'afflio keyed hash', 64)).map((b) => b & 0x7f))
}

export function isSealed(stored: string): boolean {
  return stored.startsWith(`${PREFIX}:`)
}

export interface SecretKeySource {
  /** AFFLIO_ENCRYPTION_KEY (hex or base64); default: the environment's */
  encryptionKey?: string | undefined
  /** AFFLIO_ENCRYPTION_KEY_PREVIOUS, comma-separated; default: the environment's */
  previousEncryptionKeys?: string | undefined
  /** Where to keep a generated key when none is given (a SQLite database's own key file); none: Postgres or :memory: */
  keyFile?: string | undefined
  /**
   * No key given and no key file: create the key file (true, the default: `afflio serve`'s first start; see holdsKeyedData), or
   * refuse with MissingSecretKey (a maintenance command, which must not make up a key the data was not sealed with)
   */
  createKeyFile?: boolean
  /**
   * Asked before a key file is created: whether the database may already hold values sealed or hashed under
   * a key (it has a program). Such a database gets no new key file but MissingSecretKey: its key is lost, not new.
   */
  holdsKeyedData?: () => boolean
  /** No key given and no key file: a throwaway key (an in-memory database) instead of refusing */
  ephemeral?: boolean
  log?: (line: string) => void
}

/** What stands in for the keys when there are none (Postgres without AFFLIO_ENCRYPTION_KEY): every use throws `reason`. */
export class MissingSecretKey {
  constructor(readonly reason: string) {}
}

/**
 * The keys for a database: AFFLIO_ENCRYPTION_KEY and AFFLIO_ENCRYPTION_KEY_PREVIOUS; without them, the key file
 * (read, or, for a database that holds no program yet, created with mode 0600 and a log line); without a key
 * file, a throwaway key or MissingSecretKey.
 * A key file that exists beside a configured AFFLIO_ENCRYPTION_KEY still opens what it sealed.
 * Throws on a malformed key: a configuration error to stop at.
 */
export function loadSecretBox(source: SecretKeySource): SecretBox | MissingSecretKey {
  const given = source.encryptionKey ?? process.env.AFFLIO_ENCRYPTION_KEY
  const previousText = source.previousEncryptionKeys ?? process.env.AFFLIO_ENCRYPTION_KEY_PREVIOUS ?? ''
  const previous = previousText
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean)
    .map((k) => parseSecretKey(k, 'each key of AFFLIO_ENCRYPTION_KEY_PREVIOUS'))
  const fileKey = source.keyFile && existsSync(source.keyFile) ? parseSecretKey(readFileSync(source.keyFile, 'utf8'), `the key file ${source.keyFile}`) : undefined
  if (given) return new SecretBox(parseSecretKey(given), fileKey ? [...previous, fileKey] : previous)
  if (fileKey) return new SecretBox(fileKey, previous)
  if (source.keyFile && source.createKeyFile === false) {
    return new MissingSecretKey(
      `AFFLIO_ENCRYPTION_KEY is not set and there is no key file ${source.keyFile}. Set AFFLIO_ENCRYPTION_KEY to the key this database's secrets are sealed with, or put its key file back; \`afflio serve\` creates a key file only for a new database.`,
    )
  }
  if (source.keyFile && source.holdsKeyedData?.()) {
    return new MissingSecretKey(
      `AFFLIO_ENCRYPTION_KEY is not set and there is no key file ${source.keyFile}, but this database already holds programs, whose stored secrets and address hashes are under the key that file held: put its key file back or set AFFLIO_ENCRYPTION_KEY to that key. A new key is made up only for a new database.`,
    )
  }
  if (source.keyFile) {
    const key = randomBytes(32)
    try {
      writeFileSync(source.keyFile, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' })
    } catch (err) {
      if ((err as { code?: string }).code !== 'EEXIST') throw err
      return loadSecretBox(source) // another process created it first: use that one
    }
    chmodSync(source.keyFile, 0o600) // whatever the umask
    ;(source.log ?? console.log)(
      `afflio: created the secret key file ${source.keyFile} (mode 0600). It encrypts the Stripe and webhook secrets in this database: keep it, back it up apart from the database, or set AFFLIO_ENCRYPTION_KEY instead.`,
    )
    return new SecretBox(key, previous)
  }
  if (source.ephemeral) return new SecretBox(randomBytes(32), previous)
  return new MissingSecretKey(`AFFLIO_ENCRYPTION_KEY is not set. With Postgres, Afflio needs it to encrypt the Stripe and webhook secrets it stores: set it to ${KEY_HELP}, the same in every process.`)
}

const boxes = new WeakMap<object, SecretBox | MissingSecretKey>()

/**
 * Binds the keys to a database (connect() does); its sealed values are opened with them. A transaction is a
 * Kysely object of its own: it finds its database's keys through the dialect adapter they share (one per
 * connect()).
 */
export function bindSecretBox(db: Db, box: SecretBox | MissingSecretKey): void {
  boxes.set(db, box)
  boxes.set(db.getExecutor().adapter, box)
}

/** The keys of the database (or of the database of a transaction); throws the reason there are none (Postgres without AFFLIO_ENCRYPTION_KEY). */
export function secretBoxFor(db: Db | Tx): SecretBox {
  const box = boxes.get(db) ?? boxes.get(db.getExecutor().adapter)
  if (box instanceof SecretBox) return box
  throw new Error(box?.reason ?? 'This database was not opened with connect(): it has no secret key')
}

/** Seals a secret for `db` (or a transaction of it; null stays null). */
export function sealSecret(db: Db | Tx, plaintext: string): string
export function sealSecret(db: Db | Tx, plaintext: string | null): string | null
export function sealSecret(db: Db | Tx, plaintext: string | null): string | null {
  return plaintext === null ? null : secretBoxFor(db).seal(plaintext)
}

/** Opens a stored secret of `db` (legacy plain text passes through; null stays null). */
export function openSecret(db: Db | Tx, stored: string): string
export function openSecret(db: Db | Tx, stored: string | null): string | null
export function openSecret(db: Db | Tx, stored: string | null): string | null {
  if (stored === null) return null
  return isSealed(stored) ? secretBoxFor(db).open(stored) : stored
}

/** Every stored value that is sealed: table, column, and the columns that name its row. */
export const SEALED_COLUMNS = [
  { table: 'programs', column: 'stripe_webhook_secret', key: ['id'] },
  { table: 'programs', column: 'stripe_api_key', key: ['id'] },
  { table: 'webhook_endpoints', column: 'secret', key: ['id'] },
  { table: 'idempotency_keys', column: 'response_body', key: ['program_id', 'key'] },
  // An email waiting in the outbox: a prerendered body (an invitation's holds its link), a newsletter
  // email's unsubscribe token. Cleared once the email is sent, given up or cancelled.
  { table: 'email_outbox', column: 'text_body', key: ['id'] },
  { table: 'email_outbox', column: 'html_body', key: ['id'] },
  { table: 'email_outbox', column: 'unsubscribe_token', key: ['id'] },
] as const satisfies readonly SecretColumn[]

export interface RotationReport {
  /** values sealed again under the current key (legacy plain text, or a previous key's) */
  resealed: number
  /** values already under the current key */
  current: number
  /** values no configured key opens, left as they are */
  failed: Array<{ table: string; column: string; row: string; error: string }>
}

/**
 * Seals every stored secret under the current key: legacy plain text and values of previous keys. Each row
 * is rewritten only if it still holds the value read (a concurrent write wins). Safe to run while the
 * server runs, and again.
 */
export function rotateSecrets(db: Db): Promise<RotationReport> {
  return reseal(db, SEALED_COLUMNS, (box, stored) => box.isCurrent(stored))
}

/**
 * Seals the plain-text values of these columns (written before they were sealed: no migration can seal
 * them, holding no key), leaving sealed ones to `rotateSecrets`. `afflio serve` runs it at its start for
 * the email outbox (`OUTBOX_SEALED_COLUMNS`), whose waiting emails would otherwise keep a plain body until
 * sent. Only plain values are read (every start runs it, and a busy outbox holds many sealed ones), so its
 * `current` is 0. Safe beside running servers, and again.
 */
export function sealPlainSecrets(db: Db, columns: readonly SecretColumn[]): Promise<RotationReport> {
  return reseal(db, columns, (_box, stored) => isSealed(stored), { sealedPrefix: `${PREFIX}:` })
}

/** The outbox's sealed columns (an email waiting to be sent), sealed at `afflio serve`'s start. */
export const OUTBOX_SEALED_COLUMNS: readonly SecretColumn[] = SEALED_COLUMNS.filter((c) => c.table === 'email_outbox')

/** Seals under the current key each stored value of the columns that `done` does not accept as it is. */
async function reseal(db: Db, columns: readonly SecretColumn[], done: (box: SecretBox, stored: string) => boolean, unsealedOnly?: { sealedPrefix: string }): Promise<RotationReport> {
  const box = secretBoxFor(db)
  const report: RotationReport = { resealed: 0, current: 0, failed: [] }
  for (const sealedColumn of columns) {
    const { table, column, key } = sealedColumn
    for (const row of await storedSecrets(db, sealedColumn, unsealedOnly)) {
      const stored = row.v!
      if (done(box, stored)) {
        report.current++
        continue
      }
      let sealed: string
      try {
        sealed = box.seal(box.open(stored))
      } catch (err) {
        report.failed.push({ table, column, row: key.map((k) => row[k]).join('/'), error: (err as Error).message })
        continue
      }
      if (await replaceStoredSecret(db, sealedColumn, row, stored, sealed)) report.resealed++
    }
  }
  return report
}
