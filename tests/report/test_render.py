"""`margo-ssdf report` on real attestations: the view model, the three formats, bad input."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from margo_ssdf import catalog
from margo_ssdf.attest.trust import PublicKeySigner
from margo_ssdf.cli import main
from margo_ssdf.models import TaskState, TaskStatus
from margo_ssdf.report.build import build_report
from margo_ssdf.report.html import render_html
from margo_ssdf.report.markdown import md, render_markdown
from margo_ssdf.report.markup import Markup, h
from margo_ssdf.report.text import text_report
from margo_ssdf.report.views import Report, Unavailable
from margo_ssdf.report.wording import clean
from tests.report.conftest import Releases, resign

TASK_IDS = list(catalog.ssdf().tasks)
_FETCHING_TAGS = {"script", "link", "img", "iframe", "object", "embed", "audio", "video",
                  "source", "image", "use", "base", "form", "input", "picture", "track"}
_URL_ATTRIBUTES = {"src", "href", "srcset", "action", "formaction", "poster", "data",
                   "background", "xlink:href", "ping", "cite", "manifest"}


class _Elements(HTMLParser):
    """Every element, attribute and inline style of a page, as a browser would parse them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)


def parse(page: str) -> _Elements:
    parser = _Elements()
    parser.feed(page)
    parser.close()
    return parser


def external_references(page: str) -> list[str]:
    """What in the page could make a browser fetch anything: must be empty."""
    parsed = parse(page)
    found = [f"<{tag}>" for tag, _ in parsed.elements if tag in _FETCHING_TAGS]
    for tag, attrs in parsed.elements:
        for name, value in attrs.items():
            if name in _URL_ATTRIBUTES and not value.startswith("#"):
                found.append(f"<{tag} {name}={value}>")
            if name.startswith("on"):
                found.append(f"<{tag} {name}>")
            if name == "style" and re.search(r"url\s*\(|@import", value, re.I):
                found.append(f"<{tag} style={value}>")
            if name == "content" and tag == "meta" and "refresh" in str(attrs.get("http-equiv")):
                found.append("<meta refresh>")
    found += [f"style: {m}" for css in parsed.styles
              for m in re.findall(r"url\s*\(|@import|https?:", css, re.I)]
    return found


def report_of(releases: Releases, **kw: object) -> Report:
    kwargs: dict[str, Any] = {"trust": PublicKeySigner(releases.pub),
                              "evidence_dir": releases.new.out, **kw}
    return build_report(kwargs.pop("attestation", releases.new.signed), **kwargs)


def first_line(text: str) -> str:
    return next(line for line in text.splitlines() if line.strip())


# --- the view model ---------------------------------------------------------------------------


def test_real_release_is_verified_and_every_part_is_filled(releases: Releases) -> None:
    report = report_of(releases)
    predicate = releases.new.predicate
    assert report.verification.verified, report.verification.failed
    assert report.verification.signer and report.verification.signer.startswith("key ")
    assert [t.task_id for t in report.tasks] == TASK_IDS
    assert {t.task_id: t.state for t in report.tasks} == {
        t["task_id"]: TaskState(t["state"]) for t in predicate["tasks"]}
    assert [g.group_id for g in report.matrix] == ["PO", "PS", "PW", "RV"]
    assert {c.check_id for c in report.checks} == {c["check_id"] for c in predicate["checks"]}
    assert all(e.status == "verified" for c in report.checks for e in c.evidence)
    assert [c.section_id for c in report.cisa] == [
        "1(a)", "1(b)", "1(c)", "1(d)", "1(e)", "1(f)", "2", "3", "4"]
    assert report.database is not None and report.database.advisories == 4
    assert report.subjects[0].name == "new.tar.gz"
    assert not report.notes


def test_vulnerabilities_come_most_urgent_first_with_the_cra_clock(releases: Releases) -> None:
    vulns = report_of(releases).vulnerabilities
    assert not isinstance(vulns, Unavailable)
    assert [v.id for v in vulns] == ["GO-2023-0001", "GO-2022-0288"]
    overdue, fresh = vulns
    assert overdue.overdue and overdue.days_left is not None and overdue.days_left < 0
    assert fresh.days_left == fresh.limit_days == 90 and not fresh.overdue
    assert overdue.fixed_versions == ("1.21.5",) and fresh.aliases == ("CVE-2021-44716",)


def test_sast_findings_are_grouped_by_rule_with_cwe_and_file_line(releases: Releases) -> None:
    rules = report_of(releases).sast
    assert not isinstance(rules, Unavailable)
    first = rules[0]  # the most severe rule with open findings comes first
    assert (first.rule_id, first.severity, first.cwe) == ("B602", "high", ("CWE-78", "CWE-77"))
    assert [f.where for f in first.findings] == ["run.py:5"]
    assert len(first.findings[0].fingerprint) == 32


def test_without_evidence_dir_the_evidence_parts_say_why(releases: Releases) -> None:
    report = report_of(releases, evidence_dir=None)
    assert report.verification.verified
    assert isinstance(report.vulnerabilities, Unavailable)
    assert "--evidence-dir" in report.vulnerabilities.reason
    assert all(e.status == "not checked" for c in report.checks for e in c.evidence)
    assert "--evidence-dir" in render_html(report)


def test_changed_evidence_fails_verification_and_is_not_used(releases: Releases,
                                                              tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "out"
    shutil.copytree(releases.new.out, copy)
    sarif = copy / "sast.sarif"
    sarif.write_bytes(sarif.read_bytes().replace(b"run.py", b"xxx.py"))
    report = report_of(releases, evidence_dir=copy)
    assert not report.verification.verified
    # PO.3.3 and PO.4.2 are recomputed from the evidence digests, so they no longer hold.
    assert [s.name for s in report.verification.failed] == ["evidence files", "tasks recomputed"]
    assert isinstance(report.sast, Unavailable) and "sha256 differs" in report.sast.reason
    assert "xxx.py" not in render_html(report)


# --- failed verification: impossible to miss in every format --------------------------------


@pytest.fixture
def wrong_key_report(releases: Releases) -> Report:
    return report_of(releases, trust=PublicKeySigner(releases.other_pub))


def test_wrong_key_still_renders_what_the_file_claims(wrong_key_report: Report) -> None:
    v = wrong_key_report.verification
    assert not v.verified and not v.content_authenticated
    assert v.failed[0].name == "signature"
    assert wrong_key_report.predicate is not None  # shown, marked unverified
    assert wrong_key_report.headline.startswith("NOT VERIFIED")


def test_not_verified_comes_first_in_html(wrong_key_report: Report) -> None:
    page = render_html(wrong_key_report)
    body = page[page.index("<body"):]
    visible = re.sub(r"<[^>]+>", " ", body)
    assert visible.split()[:3] == ["✘", "NOT", "VERIFIED"]
    assert re.search(r"<title>NOT VERIFIED", page)
    assert 'class="banner bad"' in page and 'role="alert"' in page
    assert "may have been forged" in page


def test_not_verified_comes_first_in_markdown_and_text(wrong_key_report: Report) -> None:
    markdown = render_markdown(wrong_key_report)
    assert "NOT VERIFIED" in first_line(markdown)
    assert "[!CAUTION]" in markdown
    text = text_report(wrong_key_report)
    assert "NOT VERIFIED" in first_line(text)
    assert "VERIFIED" not in text.replace("NOT VERIFIED", "")


def test_verified_report_says_so_first(releases: Releases) -> None:
    report = report_of(releases)
    assert first_line(render_markdown(report)).startswith("## ✔ VERIFIED — NOT COMPLIANT")
    assert "✔ VERIFIED" in first_line(text_report(report))
    assert "NOT VERIFIED" not in render_html(report)


# --- untrusted strings stay inert -------------------------------------------------------------

HOSTILE = ('<script>alert(1)</script><img src="https://evil.example/x.png" onerror=alert(2)>'
           '[click](https://evil.example) | ![x](https://evil.example/y.png) \x1b[2J\u202e')


@pytest.fixture
def hostile(releases: Releases, tmp_path: Path) -> Path:
    stmt = releases.new.statement()
    stmt["predicate"]["tasks"][0]["reason"] = HOSTILE
    stmt["predicate"]["checks"][0]["reason"] = HOSTILE
    stmt["predicate"]["reasons"] = [HOSTILE]
    stmt["predicate"]["release"]["name"] = "demo<script>alert(3)</script>"
    return resign(releases, stmt, tmp_path / "hostile.dsse.json")


def test_markup_in_a_signed_reason_is_rendered_inert(releases: Releases, hostile: Path) -> None:
    report = report_of(releases, attestation=hostile, evidence_dir=hostile.parent / "evidence")
    assert report.verification.verified  # validly signed, and still hostile
    page = render_html(report)
    assert "<script" not in page.lower() and "<img" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert external_references(page) == []
    cells = [a for t, a in parse(page).elements if "data-task" in a]
    assert cells[0]["title"].endswith(HOSTILE.replace("\x1b", "\ufffd").replace("\u202e", "\ufffd"))
    assert "\x1b" not in page and "\u202e" not in page
    markdown = render_markdown(report)
    assert "<script" not in markdown and "<img" not in markdown
    assert "](" not in markdown.replace("\\](", "") and "\\|" in markdown
    text = text_report(report, width=400)
    assert "\x1b" not in text and "\u202e" not in text and "<script>alert(1)" in text


def test_html_helper_escapes_text_and_attributes() -> None:
    out = h("td", '"><b>x', title='" onmouseover="x', data_task="PO.1.1")
    assert out == ('<td title="&quot; onmouseover=&quot;x" data-task="PO.1.1">'
                   '"&gt;&lt;b&gt;x</td>')
    assert h("p", Markup("<b>ok</b>"), "<b>") == "<p><b>ok</b>&lt;b&gt;</p>"
    assert md("a|b <i> [l](u) *s* `c`") == r"a\|b &lt;i&gt; \[l\]\(u\) \*s\* \`c\`"
    assert clean("a\x1b[31mb\u202ec\nd") == "a\ufffd[31mb\ufffdc\nd"


# --- HTML structure ---------------------------------------------------------------------------


def test_html_is_self_contained_accessible_and_printable(releases: Releases) -> None:
    page = render_html(report_of(releases))
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert external_references(page) == []
    assert "@media print" in page
    elements = parse(page).elements
    csp = next(a["content"] for t, a in elements
               if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert csp.startswith("default-src 'none'; style-src 'unsafe-inline';")
    tags = [t for t, _ in elements]
    for landmark in ("header", "nav", "main", "footer", "section"):
        assert landmark in tags
    headers = [a for t, a in elements if t == "th"]
    assert headers and all(a.get("scope") in ("col", "row") for a in headers)
    assert all("aria-labelledby" in a for t, a in elements if t == "section")
    svg = next(a for t, a in elements if t == "svg")
    assert svg["role"] == "img" and "<title id=\"stack-title\">Task states:" in page
    cells = [a for _, a in elements if "data-task" in a]
    assert [c["data-task"] for c in cells] == TASK_IDS
    states = {t["task_id"]: t["state"] for t in releases.new.predicate["tasks"]}
    assert {c["data-task"]: c["data-state"] for c in cells} == states
    for c in cells:  # tooltip: id, title, status, reason; colour plus symbol plus word
        assert c["title"].startswith(c["data-task"] + " — ") and "Status: " in c["title"]
    legend = page[page.index('aria-label="Legend"'):]
    for label in ("satisfied", "declared", "not applicable", "partial", "not satisfied",
                  "not assessed"):
        assert f">{label}</span>" in legend
    for section in ("verdict", "release", "matrix", "checks", "vulnerabilities", "findings",
                    "cisa", "policy", "verification"):
        assert f'<section id="{section}"' in page
    assert "run.py:5" in page and "CWE-78" in page and "overdue by" in page
    assert "GO-2023-0001" in page and "sha256:" in page


def test_markdown_is_compact_with_verdict_matrix_and_top_problems(releases: Releases) -> None:
    markdown = render_markdown(report_of(releases))
    assert "**Verdict: ✘ NOT COMPLIANT**" in markdown
    assert "### SSDF matrix" in markdown and "### Top problems" in markdown
    assert all(f"&nbsp;{tid}" in markdown for tid in TASK_IDS)
    assert "GO-2023-0001" in markdown and "overdue by" in markdown
    # Compact: the CISA view is collapsed, the configuration one paragraph when nothing is
    # excluded or triaged.
    assert len(markdown.splitlines()) < 90


def test_text_has_verdict_matrix_and_findings(releases: Releases) -> None:
    text = text_report(report_of(releases))
    assert "NOT COMPLIANT" in text and all(tid in text for tid in TASK_IDS)
    assert "run.py:5" in text and "OVERDUE" in text and "\x1b" not in text


# --- comparison with a baseline ---------------------------------------------------------------


def test_baseline_comparison_names_what_changed(releases: Releases) -> None:
    report = report_of(releases, baseline=releases.old.signed)
    c = report.comparison
    assert c is not None and c.verification.verified and c.baseline == "demo 1.0.0"
    assert [(t.task_id, t.before, t.after) for t in c.better] == [
        ("PW.4.1", TaskState.PARTIALLY_SATISFIED, TaskState.SATISFIED),  # no high vuln now
        ("PW.4.4", TaskState.NOT_SATISFIED, TaskState.SATISFIED),
        ("RV.1.1", TaskState.NOT_SATISFIED, TaskState.SATISFIED),
        ("RV.1.3", TaskState.NOT_SATISFIED, TaskState.SATISFIED)]  # SECURITY.md added
    assert not c.worse
    assert "RV.2.2" not in {t.task_id for t in c.tasks}  # overdue before and after
    assert not isinstance(c.vulnerabilities_fixed, Unavailable)
    assert not isinstance(c.vulnerabilities_new, Unavailable)
    assert [v.id for v in c.vulnerabilities_fixed] == ["PYSEC-2018-28"]
    assert {v.id for v in c.vulnerabilities_new} == {"GO-2023-0001", "GO-2022-0288"}
    assert not isinstance(c.findings_added, Unavailable)
    assert not isinstance(c.findings_removed, Unavailable)
    # bandit, and semgrep's own rule where its packs are installed, flag the new shell call.
    assert {"B602", "B404"} <= {f.rule_id for f in c.findings_added} <= {
        "B602", "B404", "margo.python.subprocess-shell-injection"}
    assert ("B307", "old_only.py:2") in [(f.rule_id, f.where) for f in c.findings_removed]
    assert {f.where for f in c.findings_removed} == {"old_only.py:2"}
    page, markdown = render_html(report), render_markdown(report)
    text = text_report(report)
    for out in (page, markdown, text):
        assert "Changes since the baseline" in out and "PYSEC-2018-28" in out
        assert "B307" in out and "RV.1.3" in out


def test_baseline_worse_task_is_listed(releases: Releases) -> None:
    # The other way round: new as the baseline of old.
    report = build_report(releases.old.signed, trust=PublicKeySigner(releases.pub),
                          evidence_dir=releases.old.out, baseline=releases.new.signed)
    c = report.comparison
    assert c is not None
    assert [t.task_id for t in c.worse] == ["PW.4.1", "PW.4.4", "RV.1.1", "RV.1.3"]
    assert "RV.1.3 (satisfied → not satisfied)" in render_markdown(report)
    assert [v.id for v in c.vulnerabilities_new] == ["PYSEC-2018-28"]  # type: ignore[union-attr]


def test_baseline_without_evidence_says_what_was_not_compared(releases: Releases,
                                                              tmp_path: Path) -> None:
    import shutil

    lonely = tmp_path / releases.old.signed.name
    shutil.copy(releases.old.signed, lonely)
    c = report_of(releases, baseline=lonely).comparison
    assert c is not None and c.verification.verified
    assert isinstance(c.findings_added, Unavailable) and "baseline" in c.findings_added.reason
    assert "RV.1.3" in [t.task_id for t in c.better]  # tasks come from the predicate alone


# --- the command ------------------------------------------------------------------------------


def test_command_writes_each_format_atomically_and_exits_0(
        releases: Releases, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("r.html", "r.md", "r.txt"):
        out = tmp_path / name
        code = main(["report", str(releases.new.signed), "--key", str(releases.pub),
                     "--evidence-dir", str(releases.new.out), "-o", str(out)])
        assert code == 0 and "✔ VERIFIED" in out.read_text()
    assert (tmp_path / "r.html").read_text().startswith("<!DOCTYPE html>")
    assert first_line((tmp_path / "r.md").read_text()).startswith("## ✔ VERIFIED")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html", "r.md", "r.txt"]
    code = main(["report", str(releases.new.signed), "--key", str(releases.pub),
                 "--format", "md"])
    assert code == 0 and "## ✔ VERIFIED" in capsys.readouterr().out


def test_command_exits_1_when_not_verified_and_still_writes(
        releases: Releases, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.html"
    code = main(["report", str(releases.new.signed), "--key", str(releases.other_pub),
                 "--format", "html", "-o", str(out)])
    assert code == 1 and "NOT VERIFIED" in out.read_text()
    assert "NOT VERIFIED" in capsys.readouterr().err
    # An unverifiable baseline fails too: the comparison could be forged.
    code = main(["report", str(releases.new.signed), "--key", str(releases.pub),
                 "--baseline", str(releases.old.signed), "--baseline-key",
                 str(releases.other_pub), "-o", str(out)])
    assert code == 1 and "The baseline is NOT VERIFIED" in out.read_text()


@pytest.mark.parametrize("content", [b"", b'{"payloadType": "application/vnd.in-toto+json", "pay',
                                     b"\x00\xff\xfe", b"[1, 2, 3]", b'{"predicate": {}}'])
def test_truncated_or_foreign_file_gives_one_paragraph_error(
        releases: Releases, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        content: bytes) -> None:
    bad = tmp_path / "cut.dsse.json"
    bad.write_bytes(content)
    out = tmp_path / "r.html"
    code = main(["report", str(bad), "--key", str(releases.pub), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and not out.exists()
    assert err.startswith("margo-ssdf: error: ") and err.count("\n") == 1
    assert "cut.dsse.json" in err and ("truncated" in err or "neither a DSSE" in err)


def test_truncated_real_attestation(releases: Releases, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "cut.dsse.json"
    bad.write_bytes(releases.new.signed.read_bytes()[:300])
    assert main(["report", str(bad), "--key", str(releases.pub)]) == 2
    assert "probably truncated" in capsys.readouterr().err


def test_missing_trust_option_is_a_usage_error(releases: Releases,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(releases.new.signed)]) == 2
    assert "pass --key" in capsys.readouterr().err


def test_payload_that_is_not_a_statement_renders_only_the_failure(
        releases: Releases, tmp_path: Path) -> None:
    envelope = json.loads(releases.new.signed.read_text())
    envelope["payload"] = "bm90IGpzb24="  # "not json"
    path = tmp_path / "odd.dsse.json"
    path.write_text(json.dumps(envelope))
    report = report_of(releases, attestation=path)
    assert report.predicate is None and not report.verification.verified
    for out in (render_html(report), render_markdown(report), text_report(report)):
        assert "NOT VERIFIED" in out and "signature" in out


def test_a_section_per_framework_in_html_and_markdown(releases: Releases) -> None:
    from margo_ssdf import frameworks

    report = report_of(releases)
    names = [v.name for v in report.frameworks]
    assert names == ["iec62443-4-1", "cra"]
    cra = next(v for v in report.frameworks if v.name == "cra")
    expected = {s.requirement_id: s.state for s in frameworks.evaluate_framework(
        "cra", [TaskStatus.model_validate(t) for t in releases.new.predicate["tasks"]])}
    assert {r.requirement_id: r.state for r in cra.rows} == expected
    html = render_html(report)
    assert 'id="framework-iec62443-4-1"' in html and 'id="framework-cra"' in html
    assert 'href="#framework-cra"' in html  # reachable from the navigation
    markdown = render_markdown(report)
    assert "### Other frameworks, from the same evidence" in markdown
    assert "**cra 2024/2847**" in markdown
