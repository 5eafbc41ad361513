// Turns a Markdown page's fenced code blocks into things docs.test.ts can run: the blocks, and for a
// ts/js block an ES module that sees what earlier blocks of the page declared (see docs.test.ts).
import ts from 'typescript'

export interface DocBlock {
  /** `ts`, `sh`, `html`, … (the first word of the info string) */
  lang: string
  /** the other words of the info string, e.g. `skip` */
  flags: string[]
  code: string
  /** 1-based line of the opening fence, for test names */
  line: number
}

/** Fenced blocks that start at the beginning of a line (``` only; the docs use no ~~~ or indented fences). */
export function extractBlocks(markdown: string): DocBlock[] {
  const blocks: DocBlock[] = []
  const lines = markdown.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(.*)$/.exec(lines[i]!)
    if (!open) continue
    const [lang = '', ...flags] = open[1]!.trim().split(/\s+/)
    const start = i
    const body: string[] = []
    while (++i < lines.length && !/^```\s*$/.test(lines[i]!)) body.push(lines[i]!)
    blocks.push({ lang, flags, code: body.join('\n'), line: start + 1 })
  }
  return blocks
}

/** Names a block declares at its top level (imports included), and every identifier it mentions (property names aside). */
export function scan(code: string): { declared: Set<string>; mentioned: Set<string> } {
  const file = ts.createSourceFile('block.ts', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS)
  const declared = new Set<string>()
  const bind = (name: ts.BindingName) => {
    if (ts.isIdentifier(name)) declared.add(name.text)
    else for (const el of name.elements) if (!ts.isOmittedExpression(el)) bind(el.name)
  }
  for (const st of file.statements) {
    if (ts.isVariableStatement(st)) st.declarationList.declarations.forEach((d) => bind(d.name))
    else if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) && st.name) declared.add(st.name.text)
    else if (ts.isImportDeclaration(st) && st.importClause) {
      const { name, namedBindings } = st.importClause
      if (name) declared.add(name.text)
      if (namedBindings && ts.isNamespaceImport(namedBindings)) declared.add(namedBindings.name.text)
      else if (namedBindings) namedBindings.elements.forEach((el) => declared.add(el.name.text))
    }
  }
  const mentioned = new Set<string>()
  // A property's name (`x.form`, `{ form: … }`) names no variable: only the other identifiers count.
  const isPropertyName = (node: ts.Identifier) =>
    (ts.isPropertyAccessExpression(node.parent) && node.parent.name === node) || (ts.isPropertyAssignment(node.parent) && node.parent.name === node)
  const walk = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && !isPropertyName(node)) mentioned.add(node.text)
    node.forEachChild(walk)
  }
  walk(file)
  return { declared, mentioned }
}

/**
 * The block as a module: its first line also reads `inherited` from the page's shared scope
 * (`globalThis[scopeKey]`), so line numbers in errors are the block's own; its last line writes back
 * what it declared.
 */
export function toModule(code: string, inherited: string[], declared: Iterable<string>, scopeKey: string): string {
  const scope = `globalThis[${JSON.stringify(scopeKey)}]`
  const read = inherited.length ? `const { ${inherited.join(', ')} } = ${scope}; ` : ''
  const names = [...declared]
  const write = names.length ? `\n;Object.assign(${scope}, { ${names.join(', ')} })\n` : '\n'
  return read + code + write
}
