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
