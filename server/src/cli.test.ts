// The command line as a self-hoster runs it: help, a wrong command, and migrate saying what it did.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const bin = fileURLToPath(new URL('../bin/afflio.mjs', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'afflio-cli-'))
const run = (...args: string[]) =>
  new Promise<{ code: number; out: string; err: string }>((resolve) =>
    execFile(process.execPath, [bin, ...args], { env: { PATH: process.env.PATH, DATABASE_URL: join(dir, 'a.db') } }, (error, out, err) => resolve({ code: error ? Number(error.code) : 0, out, err })),
  )

describe('afflio (the CLI)', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('help is an answer, not an error; a wrong command is one, and says which', async () => {
    for (const args of [['help'], ['--help'], []]) {
      const r = await run(...args)
      expect(r.code).toBe(0)
      expect(r.out).toMatch(/^usage: afflio <command>/)
    }
    const wrong = await run('serv')
    expect(wrong.code).toBe(2)
    expect(wrong.err).toMatch(/^afflio: unknown command 'serv'\nusage:/)
  }, 60_000)

  it('migrate prints what it applied, then that the schema is up to date', async () => {
    expect((await run('migrate')).out).toMatch(/^migrated: 2026-11-25-0001-spine, /m)
    expect((await run('migrate')).out).toBe('migrate: the schema is up to date\n')
  }, 60_000)
})
