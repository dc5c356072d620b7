"""The HTML page's look: its inline stylesheet and the Content-Security-Policy that keeps it
self-contained (no fetch of any kind, so it renders the same on an air-gapped machine).

The `st-<state>` and `fill-<state>` classes match `styles.StateStyle.css`.
"""

from __future__ import annotations

# Okabe & Ito's palette, distinguishable with every common colour-vision deficiency; every
# status also carries a symbol and a word, so colour is never the only signal.
CSS = """
:root {
  --ok: #009E73; --ok-tint: #c4eadf; --decl: #56B4E9; --decl-tint: #d5ecfa;
  --na: #999999; --na-tint: #ededed; --part: #F0E442; --part-tint: #fbf7cc;
  --bad: #D55E00; --bad-tint: #f6d3b8; --unk: #CC79A7; --unk-tint: #f3dcea;
  --ink: #1a1a1a; --muted: #555; --rule: #c9c9c9; --paper: #fff; --band: #f5f5f3;
}
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; color: var(--ink); background: var(--paper); line-height: 1.45;
  font: 15px/1.45 system-ui, "Segoe UI", "Noto Sans", "DejaVu Sans", Arial, sans-serif; }
header, nav, main, footer { max-width: 1320px; margin: 0 auto; padding: 0 24px; }
h1 { font-size: 1.6rem; margin: 18px 0 4px; }
h2 { font-size: 1.25rem; margin: 0 0 12px; padding-bottom: 4px;
  border-bottom: 2px solid var(--ink); }
h3 { font-size: 1.02rem; margin: 18px 0 8px; }
section { margin: 26px 0; break-inside: auto; }
code, .mono { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace;
  font-size: .86em; }
.digest { word-break: break-all; }
.muted { color: var(--muted); }
.meta { color: var(--muted); margin: 0 0 8px; }
a { color: #0057a3; }
.banner { margin: 14px 0 0; padding: 14px 22px; color: #fff; border-radius: 6px; }
.banner p { margin: 4px 0; }
.banner .title { font-size: 1.7rem; font-weight: 800; letter-spacing: .02em; margin: 0; }
.banner.good { background: #00664a; }
.banner.bad { background: #a63a00; border-top: 10px solid #1a1a1a;
  border-bottom: 10px solid #1a1a1a;
  background-image: repeating-linear-gradient(135deg, #a63a00 0 22px, #973400 22px 44px); }
.banner.bad .title { font-size: 2.1rem; }
.banner ul { margin: 6px 0 0; padding-left: 22px; }
.banner code { color: #fff; }
nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 16px; padding: 8px 0;
  margin: 0; border-bottom: 1px solid var(--rule); }
.verdict { display: flex; flex-wrap: wrap; gap: 18px; align-items: center; }
.verdict .word { font-size: 2rem; font-weight: 800; padding: 6px 16px; border-radius: 6px;
  border: 3px solid var(--ink); }
.verdict .word.good { background: var(--ok-tint); border-color: var(--ok); }
.verdict .word.bad { background: var(--bad-tint); border-color: var(--bad); }
.verdict .word.unknown { background: var(--unk-tint); border-color: var(--unk); }
.stack { width: 100%; height: 26px; display: block; margin: 10px 0 4px; }
.chips { display: flex; flex-wrap: wrap; gap: 6px; padding: 0; margin: 6px 0; list-style: none; }
.chip { display: inline-flex; gap: 6px; align-items: center; padding: 2px 9px;
  border-radius: 12px; border: 1px solid var(--rule); white-space: nowrap; }
.sym { display: inline-block; min-width: 1.35em; height: 1.35em; line-height: 1.35em;
  text-align: center; border-radius: 50%; font-weight: 700; color: #000; }
.st-satisfied { background: var(--ok-tint); border-color: var(--ok); }
.st-satisfied .sym, .fill-satisfied { background: var(--ok); fill: var(--ok); }
.st-declared { background: var(--decl-tint); border-color: var(--decl); }
.st-declared .sym, .fill-declared { background: var(--decl); fill: var(--decl); }
.st-not-applicable { background: var(--na-tint); border-color: var(--na); }
.st-not-applicable .sym, .fill-not-applicable { background: var(--na); fill: var(--na); }
.st-partially-satisfied { background: var(--part-tint); border-color: #b8a900; }
.st-partially-satisfied .sym, .fill-partially-satisfied { background: var(--part);
  fill: var(--part); }
.st-not-satisfied { background: var(--bad-tint); border-color: var(--bad); }
.st-not-satisfied .sym, .fill-not-satisfied { background: var(--bad); fill: var(--bad); }
.st-not-assessed { background: var(--unk-tint); border-color: var(--unk); }
.st-not-assessed .sym, .fill-not-assessed { background: var(--unk); fill: var(--unk); }
.st-missing { background: #fff; border: 2px dashed var(--ink); }
.matrix { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 14px; }
.group { border: 1px solid var(--rule); border-radius: 6px; padding: 8px 10px 10px;
  background: var(--band); break-inside: avoid; }
.group h3 { margin: 2px 0 6px; }
.practice { margin: 6px 0 2px; font-size: .8rem; color: var(--muted); }
.cells { list-style: none; padding: 0; margin: 0; display: grid;
  grid-template-columns: repeat(auto-fill, minmax(118px, 1fr)); gap: 5px; }
.cell { border: 1px solid; border-left-width: 6px; border-radius: 4px; padding: 3px 6px;
  font-size: .82rem; display: grid; grid-template-columns: auto 1fr; column-gap: 6px;
  align-items: center; break-inside: avoid; }
.cell .sym { grid-row: span 2; }
.cell .tid { font-weight: 700; }
.cell .lbl { font-size: .74rem; }
.opt { font-weight: 400; color: var(--muted); }
.legend { display: flex; flex-wrap: wrap; gap: 8px 18px; margin: 12px 0 0; padding: 0;
  list-style: none; font-size: .86rem; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: .88rem; }
caption { text-align: left; font-weight: 700; padding: 4px 0; }
th, td { border: 1px solid var(--rule); padding: 4px 7px; text-align: left; vertical-align: top; }
thead th { background: #e6e6e2; }
tbody tr:nth-child(even) { background: #fafaf8; }
tr { break-inside: avoid; }
td.num { text-align: right; white-space: nowrap; }
.sev { font-weight: 700; text-transform: uppercase; font-size: .78rem; white-space: nowrap; }
.sev-critical, .sev-high { color: #8a2c00; }
.flag { font-weight: 700; }
.flag.bad { color: #8a2c00; }
.flag.good { color: #00664a; }
.flag.warn { color: #7a5200; }
.note { border-left: 5px solid var(--unk); background: var(--unk-tint); padding: 6px 10px;
  margin: 8px 0; }
.note.warn { border-color: var(--bad); background: var(--bad-tint); }
ul.tight { margin: 4px 0; padding-left: 20px; }
footer { color: var(--muted); font-size: .82rem; border-top: 1px solid var(--rule);
  padding-top: 8px; margin-top: 30px; margin-bottom: 30px; }
@media (max-width: 1100px) { .matrix { grid-template-columns: repeat(2, minmax(0, 1fr)); } }
@media (max-width: 640px) { .matrix { grid-template-columns: 1fr; } }
@media print {
  body { font-size: 10pt; }
  header, nav, main, footer { max-width: none; padding: 0; }
  nav { display: none; }
  .banner { margin: 0; }
  section { margin: 14px 0; }
  h2 { break-after: avoid; }
  .matrix { grid-template-columns: repeat(2, minmax(0, 1fr)); }
  a { color: inherit; text-decoration: none; }
  table { font-size: 8.5pt; }
}
"""

CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
       "form-action 'none'")
