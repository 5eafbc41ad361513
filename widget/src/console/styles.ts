// The console's stylesheet: the portal's (same reset, theme and custom properties) plus what the
// console adds: wrapping tabs, selectable tables, a bulk-action bar, list items, conversations.
import { css as portal } from '../kit/styles.ts'

export const css =
  portal +
  `
[role=tablist]{flex-wrap:wrap}
.item{border:1px solid var(--line);border-radius:var(--r);padding:10px 12px;margin-bottom:8px}
.item h4{margin:0 0 2px;font-size:14px;font-weight:600}
.item dl,.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:6px 0;font-size:13px}
.item dt,.facts dt{color:var(--mut)}
.sort,.lnk{background:none;border:0;padding:0;color:inherit;cursor:pointer;text-align:start}
.lnk{color:var(--ac)}
.item dd{margin:0;word-break:break-word}
.acts{display:inline-flex;gap:6px;flex-wrap:wrap;align-items:center}
.acts .btn,td .btn{padding:3px 10px;font-size:13px}
.filters{display:flex;gap:8px;flex-wrap:wrap;align-items:flex-end;margin-bottom:8px}
.filters .field{flex:0 1 180px;margin:0}
.bulk{position:sticky;top:0;z-index:1;display:flex;gap:8px;flex-wrap:wrap;align-items:center;background:var(--soft);border:1px solid var(--line);border-radius:var(--r);padding:8px 10px;margin-bottom:8px}
.bulk select,.bulk input{height:30px}
tr.sel td{background:var(--soft)}
td input[type=checkbox],th input[type=checkbox]{width:16px;height:16px;margin:0}
.field textarea{border:1px solid var(--line);border-radius:var(--r);padding:6px 8px;background:var(--bg);min-height:96px;font:inherit;color:inherit;resize:vertical}
fieldset{border:1px solid var(--line);border-radius:var(--r);padding:8px 10px;margin:0 0 10px}
legend{color:var(--mut);font-size:12px;padding:0 4px}
.cond{display:flex;gap:8px;flex-wrap:wrap;align-items:flex-end;margin-bottom:6px}
.cond .field{flex:0 1 160px;margin:0}
.split{display:grid;grid-template-columns:minmax(180px,1fr) minmax(0,2fr);gap:12px}
@media (max-width:640px){.split{grid-template-columns:minmax(0,1fr)}}
.threads{list-style:none;margin:0;padding:0}
.threads button{display:block;width:100%;text-align:start;background:none;border:1px solid transparent;border-bottom-color:var(--line);padding:8px;cursor:pointer}
.threads button[aria-current=true]{background:var(--soft);border-color:var(--ac)}
.threads small{display:block;color:var(--mut);white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.count{display:inline-block;min-width:20px;text-align:center;background:var(--acb);color:#fff;border-radius:99px;padding:0 6px;font-size:12px;margin-inline-start:6px}
.msgs{max-height:420px;overflow-y:auto;display:flex;flex-direction:column;gap:6px;margin-bottom:8px}
.msg{background:var(--soft);border-radius:var(--r);padding:8px 10px;max-width:85%;white-space:pre-wrap;word-break:break-word}
.msg.program{align-self:flex-end;border:1px solid var(--ac)}
.msg small{display:block;color:var(--mut);font-size:11px;margin-bottom:2px}
.waiting{list-style:none;padding:0;margin:0;display:flex;gap:8px;flex-wrap:wrap}
.note{margin:6px 0}
.note:empty{margin:0}
.row>.acts{margin-bottom:10px}
.item .row .field{flex:0 1 260px}
.b-active,.b-won,.b-sent,.b-delivered{color:var(--good)}
.b-suspended,.b-rejected,.b-lost,.b-archived,.b-on_hold,.b-fraud{color:var(--bad)}
.flags li{color:var(--bad)}
h3:first-child{margin-top:0}
.item ul{padding-inline-start:18px;margin:4px 0}
`
