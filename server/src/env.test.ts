import { expect, it } from 'vitest'
import { readEnv } from './env.ts'

it('sizes the Postgres pool from DATABASE_POOL_SIZE: 10 by default, a whole number from 1 to 1000', () => {
  expect(readEnv({}).DATABASE_POOL_SIZE).toBe(10)
  expect(readEnv({ DATABASE_POOL_SIZE: '25' }).DATABASE_POOL_SIZE).toBe(25)
  for (const bad of ['0', '2.5', '1001', 'ten']) expect(() => readEnv({ DATABASE_POOL_SIZE: bad })).toThrow(/DATABASE_POOL_SIZE/)
})
