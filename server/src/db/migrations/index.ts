// Every migration, in order. Listed statically so the provider works the same under tsx, vitest and a bundle.
import type { Migration } from 'kysely'
import * as spine from './2026-11-25-0001-spine.ts'

export const migrations: Record<string, Migration> = {
  '2026-11-25-0001-spine': spine,
}
