// A key file is made up only for a SQLite database without programs: a name not yet on disk, in any form
// better-sqlite3 opens, is a new database.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { sqliteHoldsPrograms } from './holds-programs.ts'

describe('sqliteHoldsPrograms', () => {
  const dir = mkdtempSync(join(tmpdir(), 'afflio-holds-'))
  const cwd = process.cwd()
  afterEach(() => process.chdir(cwd))

  it('answers false for a name not on disk yet, a `file:` one included', () => {
    process.chdir(dir)
    expect(sqliteHoldsPrograms(join(dir, 'new.db'))).toBe(false)
    expect(sqliteHoldsPrograms('file:new.db')).toBe(false)
    rmSync(dir, { recursive: true, force: true })
  })
})
