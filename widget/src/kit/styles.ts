// The stylesheet every widget starts from, put in its shadow root: host-page selectors cannot reach inside, and
// nothing here can leak out. Only inheritance crosses the boundary, so `:host` resets it, and `.root`
// resets again because a page rule like `* { color: red !important }` also matches the host element
// and would beat `:host` (page rules win over :host unless both are !important).
// Theming: --afflio-accent, --afflio-radius, --afflio-font (set on the element or via mount options).
// The dark theme's accent is light, to read as text (links, the selected tab) on its dark background;
// under white text (buttons, counts) its default is a deeper indigo, --acb: white on #818cf8 is 3:1,
// under WCAG's 4.5:1 (styles.test.ts checks both themes). A host's accent is used as given for both.

const dark = '--bg:#14161c;--fg:#e6e8ee;--mut:#9aa1b1;--line:#2b303b;--soft:#1c2029;--bad:#f87171;--good:#34d399;--ac:var(--afflio-accent,#818cf8);--acb:var(--afflio-accent,#5b57e0)'

export const css = `
:host{all:initial;display:block}
:host([hidden]){display:none}
.root{all:initial;display:block;box-sizing:border-box;font-family:var(--afflio-font,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif);font-size:14px;line-height:1.45;
--bg:#fff;--fg:#161a22;--mut:#5f6675;--line:#e3e6ec;--soft:#f6f7f9;--bad:#b42318;--good:#067647;--ac:var(--afflio-accent,#4f46e5);--acb:var(--ac);--r:var(--afflio-radius,8px);
color:var(--fg);background:var(--bg);border:1px solid var(--line);border-radius:var(--r);padding:16px;color-scheme:light}
.root[data-theme=dark]{${dark};color-scheme:dark}
@media (prefers-color-scheme:dark){.root[data-theme=auto]{${dark};color-scheme:dark}}
*,*::before,*::after{box-sizing:inherit}
h2,h3,p,ul,ol,dl,dd,figure{margin:0;padding:0}
h2{font-size:16px;font-weight:600}
h3{font-size:14px;font-weight:600;margin:20px 0 8px}
button,input,select,textarea{font:inherit;color:inherit}
:focus-visible{outline:2px solid var(--ac);outline-offset:2px}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.mut{color:var(--mut)}
.head{display:flex;justify-content:space-between;align-items:baseline;gap:8px;margin-bottom:12px;flex-wrap:wrap}
[role=tablist]{display:flex;flex-wrap:wrap;gap:0 2px;border-bottom:1px solid var(--line);margin-bottom:16px}
[role=tab]{background:none;border:0;border-bottom:2px solid transparent;padding:8px 10px;cursor:pointer;color:var(--mut);white-space:nowrap}
[role=tab]:focus-visible{outline-offset:-2px}
[role=tab][aria-selected=true]{color:var(--fg);border-color:var(--ac);font-weight:600}
.btn{background:var(--acb);color:#fff;border:1px solid var(--acb);border-radius:var(--r);padding:6px 12px;cursor:pointer}
a.btn{display:inline-block;text-decoration:none}
.btn.alt{background:var(--bg);color:var(--fg);border-color:var(--line)}
.btn:disabled{opacity:.6;cursor:default}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(120px,1fr));gap:8px}
.card{background:var(--soft);border-radius:var(--r);padding:10px 12px}
.card dt{color:var(--mut);font-size:12px}
.card dd{font-size:18px;font-weight:600;font-variant-numeric:tabular-nums}
.bar{height:6px;border-radius:3px;background:var(--line);overflow:hidden;margin-top:6px}
.bar>i{display:block;height:100%;background:var(--ac)}
.chart{direction:ltr;margin-top:8px;font-size:12px;color:var(--mut)}
.chart svg{display:block;width:100%;height:120px}
.chart>span:last-of-type{display:flex;justify-content:space-between}
.chart rect{fill:var(--ac)}
.chart line{stroke:var(--line)}
.tw{overflow-x:auto}
table{width:100%;border-collapse:collapse;font-variant-numeric:tabular-nums}
th,td{text-align:start;padding:8px 6px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-weight:600;color:var(--mut);font-size:12px}
.num{text-align:end}
.badge{display:inline-block;border-radius:99px;padding:0 8px;font-size:12px;background:var(--soft);border:1px solid var(--line)}
.b-approved,.b-paid,.b-won,.b-customer{color:var(--good)}
.b-reversed,.b-failed,.b-rejected,.b-lost,.b-refunded{color:var(--bad)}
.ok{color:var(--good)}
.state{padding:24px 8px;text-align:center;color:var(--mut)}
.state p{margin-bottom:12px}
.err{color:var(--bad)}
.field{display:flex;flex-direction:column;gap:4px;margin-bottom:10px;flex:1;max-width:100%}
.field input:not([type=checkbox],[type=radio]),.field select,.field textarea{border:1px solid var(--line);border-radius:var(--r);padding:0 8px;height:34px;background:var(--bg);min-width:0}
.field textarea{height:auto;min-height:72px;padding:6px 8px;resize:vertical}
.field .cb{display:flex;gap:8px;align-items:flex-start}
.field .cb input{height:auto;margin-top:3px}
.field [aria-invalid=true]{border-color:var(--bad)}
.field small{font-size:12px}
.bar-top{display:flex;justify-content:flex-end;align-items:center;gap:6px;margin:16px 0 8px}
.bar-top:first-child{margin-top:0}
.bar-top .btn{padding:3px 10px;font-size:13px}
select{border:1px solid var(--line);border-radius:var(--r);padding:4px 8px;background:var(--bg);max-width:100%}
.row{display:flex;gap:8px;align-items:flex-end;flex-wrap:wrap}
.url{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px;word-break:break-all}
.link,.it{border:1px solid var(--line);border-radius:var(--r);padding:10px 12px;margin-bottom:8px}
ul.plain,ol.plain{list-style:none}
.n{display:inline-block;margin-inline-start:6px;padding:0 6px;border-radius:9px;background:var(--acb);color:#fff;font-size:11px;line-height:17px;font-weight:600}
.msg{max-width:85%}
.msg.me{margin-inline-start:auto;background:var(--soft)}
.pre{white-space:pre-wrap;overflow-wrap:anywhere;margin:6px 0}
.it img{display:block;max-width:100%;max-height:120px;margin:8px 0}
.it .row{justify-content:space-between;align-items:center}
.it small,.sm{font-size:12px;color:var(--mut)}
summary{cursor:pointer}
.nl{margin-top:8px;overflow-wrap:anywhere}
.nl>*{margin:0 0 8px}
.nl h1,.nl h2,.nl h3{font-size:15px}
.nl ul,.nl ol{padding-inline-start:20px}
.chk li{display:flex;gap:10px}
.chk li>div{flex:1}
.act{margin-top:8px}
.doc{border-inline-start:3px solid var(--line);padding-inline-start:10px;margin-top:8px}
.link .stats{font-size:12px;color:var(--mut);margin:4px 0 8px}
.link .field{max-width:320px;margin:0}
form p.mut{margin-bottom:8px}
.why>.btn{padding:2px 8px;font-size:12px;margin-top:4px}
.why dl{display:grid;grid-template-columns:auto 1fr;gap:2px 12px;margin-top:6px;font-size:13px}
.why dt{color:var(--mut)}
form{margin-top:8px}
`
