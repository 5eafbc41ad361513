// How names and descriptions are searched and sorted, the same on SQLite and Postgres. SQL's lower()
// cannot decide it: SQLite's folds ASCII only (`É` stays `É`), Postgres's follows the database's locale, and
// the two order text differently. So the keys are computed here, stored beside the text when it is written
// (a search then compares plain strings with LIKE, no function per row), and compared in code-point order
// (SQLite's own; `collate "C"` on Postgres). Pure.

/**
 * Text as a search matches it: NFC, lower case in all of Unicode, a final sigma as any sigma. A search term
 * goes through the same function, so a search ignores case whatever the letters.
 *
 * @example searchKey('ÉMILE') === searchKey('Émile') // 'émile'
 */
export function searchKey(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(/ς/g, 'σ')
}

/**
 * Text as a list sorts it, by code point: its search key without the accents of Latin, Greek and Cyrillic
 * letters (`É` sorts as `e`, between `d` and `f`); ties are the caller's to break.
 *
 * @example sortKey('Éz') > sortKey('éa') && sortKey('Émile') < sortKey('Zoe')
 */
export function sortKey(text: string): string {
  return searchKey(text.normalize('NFD').replace(/[\u0300-\u036f]/g, ''))
}

/**
 * A LIKE pattern (with `escape '\'`) matching text whose search key contains the term's, anywhere.
 *
 * @example containsPattern('50%_Off') === '%50\\%\\_off%'
 */
export function containsPattern(term: string): string {
  return `%${searchKey(term).replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

/** A name's two stored keys, `name_key` and `name_sort_key` (partners): null without a name. */
export function nameKeys(name: string | null): { name_key: string | null; name_sort_key: string | null } {
  return name === null ? { name_key: null, name_sort_key: null } : { name_key: searchKey(name), name_sort_key: sortKey(name) }
}

/** The columns a `nameKeys` fills, for the types of the rows it completes. */
export type NameKey = 'name_key' | 'name_sort_key'
