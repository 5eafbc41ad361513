// A small, safe markdown subset for newsletters: everything is HTML-escaped first, then only the
// constructs below become tags. Raw HTML in the source stays text; links take http(s) and mailto only.
//
//   # / ## / ### heading     - or * bullet      1. numbered      blank line = new paragraph
//   **bold**   *italic* or _italic_   `code`   [text](https://…)

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}

/** Plain text as HTML: escaped, paragraphs on blank lines, line breaks kept. */
export function textToHtml(text: string): string {
  return paragraphs(text)
    .map((p) => `<p>${p.map(escapeHtml).join('<br>\n')}</p>`)
    .join('\n')
}

/** The markdown subset as HTML. Never emits a tag or attribute the source did not earn. */
export function markdownToHtml(md: string): string {
  const out: string[] = []
  for (const block of paragraphs(md)) {
    let para: string[] = []
    let list: { tag: 'ul' | 'ol'; items: string[] } | null = null
    const flushPara = () => {
      if (para.length) out.push(`<p>${para.map(inline).join('<br>\n')}</p>`)
      para = []
    }
    const flushList = () => {
      if (list) out.push(`<${list.tag}>${list.items.map((i) => `<li>${inline(i)}</li>`).join('')}</${list.tag}>`)
      list = null
    }
    for (const line of block) {
      const heading = /^(#{1,3})\s+(.*)$/.exec(line)
      const bullet = /^\s*[-*]\s+(.*)$/.exec(line)
      const numbered = /^\s*\d{1,9}[.)]\s+(.*)$/.exec(line)
      if (heading) {
        flushPara()
        flushList()
        const level = heading[1]!.length
        out.push(`<h${level}>${inline(heading[2]!.replace(/\s+#+\s*$/, ''))}</h${level}>`)
      } else if (bullet || numbered) {
        flushPara()
        const tag = bullet ? 'ul' : 'ol'
        if (list && list.tag !== tag) flushList()
        list ??= { tag, items: [] }
        list.items.push((bullet ?? numbered)![1]!)
      } else {
        flushList()
        para.push(line)
      }
    }
    flushPara()
    flushList()
  }
  return out.join('\n')
}

function paragraphs(text: string): string[][] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((b) => b.split('\n').map((l) => l.trimEnd()))
    .map((lines) => lines.filter((l, i) => l !== '' || (i > 0 && i < lines.length - 1)))
    .filter((lines) => lines.length > 0)
}

// Code spans first (their content is literal), then links, then emphasis, on already escaped text.
function inline(src: string): string {
  return src
    .split(/(`[^`]+`)/)
    .map((part) => (part.length > 2 && part.startsWith('`') && part.endsWith('`') ? `<code>${escapeHtml(part.slice(1, -1))}</code>` : spans(part)))
    .join('')
}

function spans(raw: string): string {
  const out: string[] = []
  const link = /\[([^\]\n]+)\]\(([^)\s]+)\)/g
  let last = 0
  for (let m = link.exec(raw); m; m = link.exec(raw)) {
    out.push(emphasis(escapeHtml(raw.slice(last, m.index))))
    const href = safeHref(m[2]!)
    out.push(href ? `<a href="${escapeHtml(href)}">${emphasis(escapeHtml(m[1]!))}</a>` : emphasis(escapeHtml(m[0])))
    last = m.index + m[0].length
  }
  out.push(emphasis(escapeHtml(raw.slice(last))))
  return out.join('')
}

function emphasis(escaped: string): string {
  return escaped
    .replace(/\*\*(?=\S)(.+?)(?<=\S)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^*\w])\*(?=\S)([^*]+?)(?<=\S)\*(?![*\w])/g, '$1<em>$2</em>')
    .replace(/(^|[^_\w])_(?=\S)([^_]+?)(?<=\S)_(?![_\w])/g, '$1<em>$2</em>')
}

function safeHref(href: string): string | null {
  try {
    const u = new URL(href)
    return u.protocol === 'https:' || u.protocol === 'http:' || u.protocol === 'mailto:' ? u.href : null
  } catch {
    return null
  }
}
