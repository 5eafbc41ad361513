import { expect, test } from 'vitest'
import { codeKey } from './codes.ts'

test('codeKey: a code in any case and with spaces around it is one key; spaces inside it count', () => {
  for (const code of ['alice', 'ALICE', 'Alice ', ' aLiCe', '\talice\n', 'alice\u00a0']) expect(codeKey(code), JSON.stringify(code)).toBe('ALICE')
  expect(codeKey('al ice')).toBe('AL ICE')
  expect(codeKey('  ')).toBe('')
})
