import { describe, expect, it } from 'vitest'
import { escapeHtml, markdownToHtml, textToHtml } from './markdown.ts'

describe('markdownToHtml', () => {
  it('renders the subset', () => {
    const md = '# Big news\n\nCommission is now **30%** on *Pro* and _Team_.\nSee [the terms](https://acme.test/terms?a=1&b=2).\n\n- one\n- `two <b>`\n\n1. first\n2. second'
    expect(markdownToHtml(md)).toBe(
      [
        '<h1>Big news</h1>',
        '<p>Commission is now <strong>30%</strong> on <em>Pro</em> and <em>Team</em>.<br>\nSee <a href="https://acme.test/terms?a=1&amp;b=2">the terms</a>.</p>',
        '<ul><li>one</li><li><code>two &lt;b&gt;</code></li></ul>',
        '<ol><li>first</li><li>second</li></ol>',
      ].join('\n'),
    )
  })

  it('escapes raw HTML and refuses unsafe links', () => {
    const html = markdownToHtml('<script>alert(1)</script> <img src=x onerror=alert(1)>\n[x](javascript:alert(1)) [y](https://ok.test/"onmouseover=")')
    expect(html).not.toMatch(/<script|<img|href="javascript/)
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).toContain('[x](javascript:alert(1))')
    expect(html).toContain('<a href="https://ok.test/%22onmouseover=%22">y</a>')
  })

  it('leaves lone markers and intra-word underscores alone', () => {
    expect(markdownToHtml('2 * 3 * 4 and snake_case_name')).toBe('<p>2 * 3 * 4 and snake_case_name</p>')
  })

  it('keeps a heading inside a block and a list after a paragraph', () => {
    expect(markdownToHtml('Intro\n## Part\n- a')).toBe('<p>Intro</p>\n<h2>Part</h2>\n<ul><li>a</li></ul>')
  })
})

describe('textToHtml', () => {
  it('escapes and keeps paragraphs and line breaks', () => {
    expect(textToHtml('a <b> & "c"\nnext\r\n\r\nsecond')).toBe('<p>a &lt;b&gt; &amp; &quot;c&quot;<br>\nnext</p>\n<p>second</p>')
  })

  it('escapes quotes for attributes', () => {
    expect(escapeHtml(`"'<>&`)).toBe('&quot;&#39;&lt;&gt;&amp;')
  })
})
