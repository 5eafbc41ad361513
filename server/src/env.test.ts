import { expect, it } from 'vitest'
import { readEnv } from './env.ts'

it('sizes the Postgres pool from DATABASE_POOL_SIZE: 10 by default, a whole number from 1 to 1000', () => {
  expect(readEnv({}).DATABASE_POOL_SIZE).toBe(10)
  expect(readEnv({ DATABASE_POOL_SIZE: '25' }).DATABASE_POOL_SIZE).toBe(25)
  for (const bad of ['0', '2.5', '1001', 'ten']) expect(() => readEnv({ DATABASE_POOL_SIZE: bad })).toThrow(/DATABASE_POOL_SIZE/)
})

it('sends prepared statements named unless DATABASE_PREPARED_STATEMENTS is false (pgbouncer before 1.21)', () => {
  expect(readEnv({}).DATABASE_PREPARED_STATEMENTS).toBe(true)
  expect(readEnv({ DATABASE_PREPARED_STATEMENTS: 'false' }).DATABASE_PREPARED_STATEMENTS).toBe(false)
  for (const bad of ['0', 'no', 'off']) expect(() => readEnv({ DATABASE_PREPARED_STATEMENTS: bad })).toThrow(/DATABASE_PREPARED_STATEMENTS/)
})

it('takes a variable set to nothing as unset: its default, never an in-memory database, a random port or every interface', () => {
  const blank = readEnv({ DATABASE_URL: '', PORT: '', HOST: ' ', AFFLIO_RATE_LIMIT_BURST: '', AFFLIO_ADMIN_TOKEN: '', AFFLIO_PUBLIC_URL: '' })
  expect(blank).toMatchObject({ DATABASE_URL: 'sqlite:.data/afflio.db', PORT: 8787, HOST: '127.0.0.1', AFFLIO_RATE_LIMIT_BURST: 60 })
  expect(blank.AFFLIO_ADMIN_TOKEN).toBeUndefined()
  // Unset, not a default: the OpenAPI document then names a relative server, emails PUBLIC_URL_UNSET
  expect(blank.AFFLIO_PUBLIC_URL).toBeUndefined()
  expect(readEnv({ PORT: '0' }).PORT).toBe(0) // an explicit 0 still asks for any free port
})

it('counts the proxies in front from AFFLIO_TRUST_PROXY: none by default, true for one, or a number', () => {
  expect(readEnv({}).AFFLIO_TRUST_PROXY).toBe(0)
  expect([readEnv({ AFFLIO_TRUST_PROXY: 'false' }), readEnv({ AFFLIO_TRUST_PROXY: 'true' }), readEnv({ AFFLIO_TRUST_PROXY: '2' })].map((e) => e.AFFLIO_TRUST_PROXY)).toEqual([0, 1, 2])
  for (const bad of ['yes', '-1', '1.5', '10']) expect(() => readEnv({ AFFLIO_TRUST_PROXY: bad })).toThrow(/AFFLIO_TRUST_PROXY/)
})

it('takes AFFLIO_PUBLIC_URL as an http(s) URL, a path allowed (behind a proxy), no query', () => {
  expect(readEnv({ AFFLIO_PUBLIC_URL: 'https://partners.example.com/afflio' }).AFFLIO_PUBLIC_URL).toBe('https://partners.example.com/afflio')
  for (const bad of ['partners.example.com', 'ftp://example.com', 'https://example.com/?a=1']) expect(() => readEnv({ AFFLIO_PUBLIC_URL: bad })).toThrow(/AFFLIO_PUBLIC_URL/)
})
