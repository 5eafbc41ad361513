import { describe, expect, it } from 'vitest'
import { checkRecords, csvRecords, rowRecords } from './import-rows.ts'
import { MAX_IMPORT_ROWS } from './schemas.ts'

describe('csvRecords', () => {
  it('reads quoted values, a BOM, header spellings and blank lines, keeping file line numbers', () => {
    const csv = '\uFEFFE-mail,External ID,link_code\r\n\r\n"ada@example.com","u, 1",ADA\r\nbob@example.com,,\r\n'
    expect(csvRecords(csv)).toEqual({
      records: [
        { line: 3, values: { email: 'ada@example.com', externalId: 'u, 1', linkCode: 'ADA' } },
        { line: 4, values: { email: 'bob@example.com' } },
      ],
      errors: [],
    })
  })

  it('refuses an empty file and a column named twice', () => {
    expect(csvRecords('').errors).toEqual([{ line: 1, field: 'csv', message: 'The file is empty: the first line must name the columns, e.g. email,name' }])
    expect(csvRecords('email,Email\na@b.co,a@b.co').errors).toEqual([{ line: 1, field: 'Email', message: 'is named twice' }])
  })
})

describe('checkRecords', () => {
  it('reports every problem of a row, and repeats naming the first line', () => {
    const checked = checkRecords([
      { line: 2, values: { email: 'A@Example.com', linkCode: 'X1' } },
      { line: 3, values: { email: 'b@example.com', linkCode: 'X1', name: 'n'.repeat(201) } },
      { line: 4, values: { email: 'b@example.com', linkCode: 'has space' } },
    ])
    expect(checked.rows).toEqual([{ line: 2, row: { email: 'a@example.com', linkCode: 'X1' } }])
    expect(checked.errors).toEqual([
      { line: 3, field: 'name', message: 'is longer than 200 characters' },
      { line: 4, field: 'linkCode', message: 'must be 2-64 letters, digits, _ or -' },
    ])
    // Fixed, line 3 repeats line 2's link code.
    expect(checkRecords(rowRecords([{ email: 'a@example.com', linkCode: 'X1' }, { email: 'b@example.com', linkCode: 'X1' }])).errors).toEqual([{ line: 2, field: 'linkCode', message: 'repeats line 1' }])
  })

  it('takes between one and the maximum of rows', () => {
    expect(checkRecords([]).errors).toEqual([{ field: 'rows', message: 'There are no partners to import' }])
    const many = rowRecords(Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, i) => ({ email: `p${i}@example.com` })))
    expect(checkRecords(many).errors).toEqual([{ field: 'rows', message: 'At most 1,000 partners per import; this has 1,001: split it' }])
    expect(checkRecords(many.slice(1)).rows).toHaveLength(MAX_IMPORT_ROWS)
  })
})

