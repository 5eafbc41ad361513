// A publishable key's hash is kept (auth.ts), but only a key this server issued: a made-up one, as long as
// a body, is hashed at each guess and never held in memory.
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { sha256 } from '../kernel/hash.ts'
import { createTestContext, type TestContext } from '../testing.ts'
import { keyHolder, type Guard } from './auth.ts'

vi.mock('../kernel/hash.ts', async (original) => {
  const hash = await original<typeof import('../kernel/hash.ts')>()
  return { ...hash, sha256: vi.fn(hash.sha256) }
})

let ctx: TestContext
let publishableKey: string
beforeAll(async () => {
  ctx = await createTestContext()
  ;({ publishableKey } = await ctx.createProgram({ name: 'Acme' }))
})
afterAll(() => ctx.close())

const unguarded: Guard = (_kind, check) => check()
const hashesOf = (key: string) => vi.mocked(sha256).mock.calls.filter(([text]) => text === key).length

it('keeps the hash of a publishable key it issued, not of one made up', async () => {
  vi.mocked(sha256).mockClear()
  const madeUp = `pk_${'x'.repeat(60_000)}`
  for (let i = 0; i < 3; i++) {
    await expect(keyHolder(ctx.db, unguarded, madeUp, ['publishable'])).rejects.toThrow('Unknown or revoked API key')
    expect((await keyHolder(ctx.db, unguarded, publishableKey, ['publishable'])).kind).toBe('publishable')
  }
  expect(hashesOf(madeUp)).toBe(3)
  expect(hashesOf(publishableKey)).toBe(1)
})
