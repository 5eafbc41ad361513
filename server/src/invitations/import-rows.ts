// Which rows of a partner import are good, and what is wrong with the others, in words, by line: the CSV
// read with csv-parse (RFC 4180 quoting, a BOM ignored), each row checked against the row's validator,
// and emails, link codes (in any case) and external ids checked for repeats within the file. Pure: text
// in, rows out.
import type { ApiErrorDetail, ImportPartnerRow } from '@afflio/sdk/types'
import { CsvError, parse } from 'csv-parse/sync'
import type { z } from 'zod'
import { codeKey } from '../kernel/codes.ts'
import { importRow, MAX_IMPORT_ROWS } from './schemas.ts'

/** One row as given: its line (CSV: the file's line, the header being 1; rows: its 1-based position) and values. */
export interface ImportRecord {
  line: number
  values: Record<string, unknown>
}

export interface CheckedRows {
  rows: Array<{ line: number; row: ImportPartnerRow }>
  errors: ApiErrorDetail[]
}

/** Header spellings, compared without case, spaces, `_` or `-`: `External ID`, `external_id`, `externalId`. */
const COLUMNS: Record<string, keyof ImportPartnerRow> = { email: 'email', name: 'name', country: 'country', website: 'website', externalid: 'externalId', linkcode: 'linkCode' }
const columnOf = (header: string) => COLUMNS[header.toLowerCase().replace(/[\s_-]/g, '')]

/** The CSV's rows as records, or the reasons it cannot be read as partners. Empty cells are absent values. */
export function csvRecords(text: string): { records: ImportRecord[]; errors: ApiErrorDetail[] } {
  let parsed: Array<{ record: string[]; info: { lines: number } }>
  try {
    parsed = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as unknown as typeof parsed
  } catch (err) {
    if (!(err instanceof CsvError)) throw err
    return { records: [], errors: [{ line: Number((err as CsvError & { lines?: number }).lines ?? 1), field: 'csv', message: csvProblem(err) }] }
  }
  const [header, ...body] = parsed
  if (!header) return { records: [], errors: [{ line: 1, field: 'csv', message: 'The file is empty: the first line must name the columns, e.g. email,name' }] }
  const columns = header.record.map(columnOf)
  const errors: ApiErrorDetail[] = []
  header.record.forEach((name, i) => {
    if (!columns[i]) errors.push({ line: 1, field: name || `column ${i + 1}`, message: `is not a column we know: use ${Object.values(COLUMNS).join(', ')}` })
    else if (columns.indexOf(columns[i]) !== i) errors.push({ line: 1, field: name, message: 'is named twice' })
  })
  if (!columns.includes('email')) errors.push({ line: 1, field: 'email', message: 'The first line must name the columns, with an email column' })
  if (errors.length) return { records: [], errors }
  const records = body.map(({ record, info }) => {
    const values: Record<string, unknown> = {}
    record.forEach((cell, i) => {
      if (cell !== '') values[columns[i] ?? `column ${i + 1}`] = cell
    })
    return { line: info.lines, values }
  })
  return { records, errors }
}

function csvProblem(err: CsvError): string {
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'A quoted value is never closed: check for a missing "'
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return 'A quote closes a value in the middle: write a quote inside a quoted value as ""'
    default:
      return `The file is not valid CSV (${err.message})`
  }
}

/** JSON rows as records, numbered from 1. */
export const rowRecords = (rows: Array<Record<string, unknown>>): ImportRecord[] => rows.map((values, i) => ({ line: i + 1, values }))

/**
 * Every record checked: the good rows, and one error per problem (a row may have several). A repeat of an
 * email, link code or external id within the file is an error on the later line, naming the first.
 *
 * @example
 * checkRecords([{ line: 2, values: { email: 'ada@example.com' } }, { line: 3, values: { email: 'ada@EXAMPLE.com' } }])
 * // { rows: [{ line: 2, row: { email: 'ada@example.com' } }], errors: [{ line: 3, field: 'email', message: 'repeats line 2' }] }
 */
export function checkRecords(records: ImportRecord[]): CheckedRows {
  if (records.length === 0) return { rows: [], errors: [{ field: 'rows', message: 'There are no partners to import' }] }
  if (records.length > MAX_IMPORT_ROWS) {
    return { rows: [], errors: [{ field: 'rows', message: `At most ${MAX_IMPORT_ROWS.toLocaleString('en-US')} partners per import; this has ${records.length.toLocaleString('en-US')}: split it` }] }
  }
  const rows: CheckedRows['rows'] = []
  const errors: ApiErrorDetail[] = []
  const seen = { email: new Map<string, number>(), linkCode: new Map<string, number>(), externalId: new Map<string, number>() }
  for (const { line, values } of records) {
    const result = importRow.safeParse(values)
    if (!result.success) {
      errors.push(...result.error.issues.flatMap((issue) => issueDetails(line, issue)))
      continue
    }
    const row = result.data
    const repeats = (['email', 'linkCode', 'externalId'] as const).flatMap((field) => {
      const value = field === 'linkCode' && row.linkCode !== undefined ? codeKey(row.linkCode) : row[field]
      if (value === undefined) return []
      const first = seen[field].get(value)
      if (first === undefined) return (seen[field].set(value, line), [])
      return [{ line, field, message: `repeats line ${first}` }]
    })
    if (repeats.length) errors.push(...repeats)
    else rows.push({ line, row })
  }
  return { rows, errors }
}

/** A validator's issue in words, for a person fixing a spreadsheet. */
function issueDetails(line: number, issue: z.core.$ZodIssue): ApiErrorDetail[] {
  if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ line, field: key, message: `is not a column we know: use ${Object.values(COLUMNS).join(', ')}` }))
  const field = String(issue.path[0] ?? 'row')
  return [{ line, field, message: inWords(issue) }]
}

function inWords(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'is missing' : 'must be text'
    case 'invalid_format':
      return issue.format === 'email' ? 'is not an email address' : issue.format === 'url' ? 'is not a web address (https://…)' : issue.message
    case 'too_small':
      return 'is empty'
    case 'too_big':
      return `is longer than ${issue.maximum} characters`
    default:
      return issue.message
  }
}
