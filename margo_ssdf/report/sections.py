"""The sections of the report, each built from a loaded attestation and its evidence.

Evidence files are read defensively: a value of the wrong type becomes a placeholder, never an
exception, because what an unverified attestation points at may be anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from margo_ssdf import catalog, sarif
from margo_ssdf.attest import compliance
from margo_ssdf.checks.sast_coverage import CoverageTable
from margo_ssdf.evaluate import Judgement, check_judgement
from margo_ssdf.frameworks import cisa_form_items
from margo_ssdf.policy import Policy
from margo_ssdf.report.loading import Loaded, evidence_status, read_evidence_json
from margo_ssdf.report.severity import URGENT, severity_of, severity_rank
from margo_ssdf.report.views import (
    CheckRow,
    CisaRow,
    ConfigurationView,
    DatabaseAge,
    EvidenceFile,
    ExcludeRow,
    FrameworkRow,
    FrameworkView,
    GroupBlock,
    PracticeRow,
    Problem,
    SastRule,
    TaskCell,
    TriageRow,
    Unavailable,
    Verification,
    VulnerabilityRow,
)
from margo_ssdf.report.wording import clean, plural

MERGED_SARIF = "sast.sarif"
"""The one SARIF log of all static-analysis runs that `flow` writes beside the evidence."""
DEPS_AUDIT = "checks/deps.audit/deps-audit.json"
CRA_CLOCK = "checks/vuln.response/cra-clock.json"


def _text(value: object, default: str = "") -> str:
    return value if isinstance(value, str) else default


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _obj(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _strings(value: object) -> tuple[str, ...]:
    return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()


def vulnerabilities(loaded: Loaded) -> tuple[VulnerabilityRow, ...] | Unavailable:
    """The deps.audit findings with their VEX status and CRA clock, most urgent first."""
    if loaded.predicate is not None and not any(
            c.check_id == "deps.audit" for c in loaded.predicate.checks):
        return Unavailable("the deps.audit check did not run for this release")
    audit_doc = read_evidence_json(loaded, DEPS_AUDIT)
    if isinstance(audit_doc, Unavailable):
        return audit_doc
    clock_doc = read_evidence_json(loaded, CRA_CLOCK)
    clock: dict[tuple[str, str, str], Mapping[str, Any]] = {}
    if isinstance(clock_doc, Unavailable):
        loaded.notes.append(f"CRA clock not shown: {clock_doc.reason}")
    elif isinstance(clock_doc, dict):
        for row in clock_doc.get("vulnerabilities") or []:
            if isinstance(row, dict):
                clock[(_text(row.get("id")), _text(row.get("package")),
                       _text(row.get("version")))] = row
    findings = audit_doc.get("findings") if isinstance(audit_doc, dict) else None
    if not isinstance(findings, list):
        return Unavailable(f"{DEPS_AUDIT} has no list of findings")
    out = []
    for f in findings:
        if not isinstance(f, dict):
            continue
        vid, package, version = (_text(f.get("id"), "?"), _text(f.get("package"), "?"),
                                 _text(f.get("version"), "?"))
        vex = f.get("vex") if isinstance(f.get("vex"), dict) else None
        status = (_text(vex.get("status")) or None) if vex else None
        row = clock.get((vid, package, version), {})
        score = f.get("cvss_score")
        out.append(VulnerabilityRow(
            id=vid, aliases=_strings(f.get("aliases")), package=package, version=version,
            ecosystem=_text(f.get("ecosystem")), severity=severity_of(f.get("severity")),
            cvss_score=float(score) if isinstance(score, int | float) else None,
            fixed_versions=_strings(f.get("fixed_versions")),
            summary=_text(f.get("summary")), vex_status=status,
            vex_justification=(_text(vex.get("justification")) or None) if vex else None,
            open=status not in ("not_affected", "fixed"),
            days_open=_int(row.get("days_open")), days_left=_int(row.get("days_left")),
            limit_days=_int(row.get("limit_days")), clock_start=_text(row.get("clock_start"))
            or None))
    return tuple(sorted(out, key=urgency))


def urgency(v: VulnerabilityRow) -> tuple[int, int, int, str, str]:
    """Sort key: open before closed, overdue and least time left first, then severity."""
    return (0 if v.open else 1, v.days_left if v.days_left is not None else 1 << 30,
            severity_rank(v.severity), v.package, v.id)


def _sarif_logs(loaded: Loaded) -> list[tuple[str, Any]] | Unavailable:
    """(path, log) of the merged SARIF log, or of every check's own when there is none."""
    predicate = loaded.predicate
    if predicate is None:
        return Unavailable("the attestation's predicate could not be read")
    if any(ev.path == MERGED_SARIF for ev in predicate.reports):
        log = read_evidence_json(loaded, MERGED_SARIF)
        return log if isinstance(log, Unavailable) else [(MERGED_SARIF, log)]
    paths = [ev.path for r in predicate.checks for ev in r.evidence
             if ev.media_type == sarif.MEDIA_TYPE]
    if not paths:
        return Unavailable("no check of this release wrote SARIF")
    logs = []
    for rel in paths:
        log = read_evidence_json(loaded, rel)
        if isinstance(log, Unavailable):
            return log
        logs.append((rel, log))
    return logs


def _sarif_findings(rel: str, log: Any) -> list[sarif.ReportedResult] | Unavailable:
    try:
        return sarif.read_results(log)
    except (AttributeError, IndexError, KeyError, TypeError):
        # Not the shape sarif.log_json writes: nothing in it can be shown faithfully.
        return Unavailable(f"{rel} is not a SARIF log as margo-ssdf writes it")


def sast(loaded: Loaded) -> tuple[SastRule, ...] | Unavailable:
    """Static-analysis findings grouped by rule; rules with open and severe findings first."""
    logs = _sarif_logs(loaded)
    if isinstance(logs, Unavailable):
        return logs
    found: list[sarif.ReportedResult] = []
    for rel, log in logs:
        items = _sarif_findings(rel, log)
        if isinstance(items, Unavailable):
            return items
        found += items
    groups: dict[tuple[str, str], list[sarif.ReportedResult]] = {}
    for item in found:
        groups.setdefault((item.tool, item.rule_id), []).append(item)
    rules = []
    for (tool, rule_id), items in groups.items():
        findings = sorted(items, key=lambda f: (
            f.suppressed, severity_rank(f.severity), f.path, f.line))
        worst = min((f.severity for f in findings), key=severity_rank)
        rules.append(SastRule(tool=tool, rule_id=rule_id, name=items[0].rule_name,
                              cwe=tuple(dict.fromkeys(c for f in items for c in f.cwe)),
                              severity=worst, findings=tuple(findings)))
    rules.sort(key=lambda r: (r.open_count == 0, severity_rank(r.severity),
                              -len(r.findings), r.tool, r.rule_id))
    return tuple(rules)


def sast_coverage(loaded: Loaded) -> CoverageTable | Unavailable:
    """Which engine parsed each analysed file, from the coverage every SAST run records."""
    from margo_ssdf.checks.sast_coverage import coverage_table, read_coverage

    logs = _sarif_logs(loaded)
    if isinstance(logs, Unavailable):
        return logs
    try:
        found = [c for _, log in logs for c in read_coverage(log)]
    except (AttributeError, KeyError, TypeError, ValueError):
        return Unavailable("a SARIF run's coverage is not as margo-ssdf writes it")
    if not found:
        return Unavailable("no static-analysis run of this release recorded its coverage")
    return coverage_table(found)


def matrix(predicate: compliance.CompliancePredicate | None) -> tuple[GroupBlock, ...]:
    """All 42 tasks by group and practice, each with its recorded state (None if absent)."""
    statuses = {t.task_id: t for t in predicate.tasks} if predicate else {}
    groups = []
    for g in catalog.ssdf().groups:
        practices = []
        for p in g.practices:
            cells = []
            for t in p.tasks:
                st = statuses.get(t.id)
                cells.append(TaskCell(
                    task_id=t.id, title=t.title, practice_id=p.id, group_id=g.id,
                    state=st.state if st else None, required=st.required if st else False,
                    reason=st.reason if st else "not recorded in the attestation",
                    checks=st.checks if st else (), document=st.document if st else None))
            practices.append(PracticeRow(p.id, p.title, tuple(cells)))
        groups.append(GroupBlock(g.id, g.title, tuple(practices)))
    return tuple(groups)


def _judging_policy(predicate: compliance.CompliancePredicate) -> Policy | None:
    """The policy that judged the tasks shown (the auditor's, when one was given)."""
    try:
        return Policy.model_validate(predicate.policy.rules)
    except ValidationError:
        return None


def _judged(judged: tuple[Judgement, str]) -> tuple[str, str | None]:
    return judged[0].value, judged[1] or None


def checks(loaded: Loaded) -> tuple[CheckRow, ...]:
    if loaded.predicate is None:
        return ()
    rows = []
    policy = _judging_policy(loaded.predicate)
    for r in loaded.predicate.checks:
        counts = sorted(((s.value, n) for s, n in r.counts.items() if n),
                        key=lambda c: severity_rank(c[0]))
        # The judging policy's word for the check, so the table and the matrix agree.
        outcome, reason = ((r.outcome.value, r.reason) if policy is None
                           else _judged(check_judgement(r, policy)))
        rows.append(CheckRow(
            check_id=r.check_id, tool=r.tool.name, version=r.tool.version,
            outcome=outcome, reason=reason, counts=tuple(counts), tasks=r.tasks,
            seconds=(r.finished_at - r.started_at).total_seconds(), cached=r.cached,
            evidence=tuple(EvidenceFile(ev.path, ev.sha256, ev.media_type, ev.size,
                                        evidence_status(loaded.evidence_dir, ev))
                           for ev in r.evidence)))
    return tuple(rows)


def cisa(predicate: compliance.CompliancePredicate | None) -> tuple[CisaRow, ...]:
    if predicate is None:
        return ()
    states = {t.task_id: t.state for t in predicate.tasks}
    return tuple(CisaRow(s.id, s.title, s.state, tuple((t, states.get(t)) for t in s.tasks),
                         s.eo_14028) for s in predicate.cisa_form)


def cisa_notes(predicate: compliance.CompliancePredicate | None) -> tuple[str, ...]:
    """A note when the signed CISA view differs from this margo-ssdf's table of the form."""
    if predicate is None:
        return ()
    signed = [(s.id, s.tasks) for s in predicate.cisa_form]
    if signed == [(i.id, i.tasks) for i in cisa_form_items()]:
        return ()
    ids = ", ".join(s.id for s in predicate.cisa_form) or "none"
    return (f"The CISA form view is shown as signed (items {ids}). It differs from this "
            "margo-ssdf's table of the form (margo_ssdf/data/cisa-form.yaml, from the form's "
            "Appendix References table), so it was made with another mapping.",)


def framework_views(predicate: compliance.CompliancePredicate | None
                    ) -> tuple[FrameworkView, ...]:
    """IEC 62443-4-1 and the CRA, recomputed from the task states through the crosswalks."""
    from margo_ssdf import frameworks

    if predicate is None:
        return ()
    views = []
    for name in frameworks.FRAMEWORKS:
        if name == "ssdf":
            continue
        cat = frameworks.framework_catalog(name)
        rows = tuple(FrameworkRow(s.requirement_id, clean(s.title), s.state, s.tasks,
                                  clean(s.reason))
                     for s in frameworks.evaluate_framework(name, predicate.tasks))
        views.append(FrameworkView(name, f"{cat.framework} {cat.version}", rows))
    return tuple(views)


def database(predicate: compliance.CompliancePredicate | None) -> DatabaseAge | None:
    db = predicate.vulnerability_database if predicate else None
    if not db:
        return None
    newest, ages = _obj(db.get("newest_published")), _obj(db.get("age_days"))
    ecosystems = tuple((str(eco), _text(newest.get(eco)) or None, _int(ages.get(eco)))
                       for eco in sorted({*newest, *ages}))
    return DatabaseAge(advisories=_int(db.get("advisories")),
                       last_import=_text(db.get("last_import")) or None,
                       ecosystems=ecosystems)


NOT_RECORDED = ("the attestation does not record its configuration (made before margo-ssdf "
                "recorded excludes and triage), so what it hid from its checks is unknown")


def configuration(predicate: compliance.CompliancePredicate | None
                  ) -> ConfigurationView | Unavailable | None:
    """The recorded excludes, triage decisions and test reports."""
    if predicate is None:
        return None
    rec = predicate.configuration
    if rec is None:
        return Unavailable(NOT_RECORDED)
    excludes = tuple(ExcludeRow(clean(e.pattern), clean(e.source), e.files,
                                tuple(sorted(e.checks.items()))) for e in rec.exclude)
    rows = tuple(TriageRow(decision=t.decision.value, rule=clean(t.rule), path=clean(t.path),
                           justification=clean(t.justification), who=clean(t.who) or "unknown",
                           when=t.when.isoformat() if t.when else "",
                           applied=bool(t.justification.strip()))
                 for t in rec.triage.entries)
    return ConfigurationView(
        sha256=rec.sha256, file=clean(rec.file) if rec.file else None, excludes=excludes,
        excluded_inputs=tuple(sorted((c, n) for c, n in rec.excluded_inputs.items() if n)),
        test_reports=tuple(clean(r) for r in rec.test_reports), triage_path=rec.triage.path,
        triage_sha256=rec.triage.sha256, triage=rows)


def _configuration_problems(predicate: compliance.CompliancePredicate) -> list[Problem]:
    rec = predicate.configuration
    if rec is None:
        return [Problem("configuration", NOT_RECORDED)]
    out = []
    for cid, n in sorted(rec.excluded_inputs.items()):
        patterns = ", ".join(f"'{e.pattern}' ({e.checks[cid]})" for e in rec.exclude
                             if e.checks.get(cid))
        out.append(Problem("configuration", f"the excludes kept {plural(n, 'file')} {cid} "
                                            f"would read from it: {patterns or 'see excludes'}"))
    return out


def problems(verification: Verification, predicate: compliance.CompliancePredicate | None,
             vulns: tuple[VulnerabilityRow, ...] | Unavailable,
             rules: tuple[SastRule, ...] | Unavailable) -> tuple[Problem, ...]:
    """What a reader should look at first: failed steps, unmet tasks, urgent vulnerabilities
    and findings."""
    out = [Problem("verification", f"{s.name}: {s.detail}") for s in verification.failed]
    if predicate is not None:
        out += [Problem("task", r) for r in predicate.reasons]
        out += [Problem("check", f"{c.check_id} could not run: {c.reason}")
                for c in predicate.checks if c.outcome.value == "error"]
        out += _configuration_problems(predicate)
    if not isinstance(vulns, Unavailable):
        for v in vulns:
            if v.overdue:
                out.append(Problem("vulnerability", f"{v.id} in {v.package} {v.version}: "
                                   f"{v.days_open} days open, {-(v.days_left or 0)} past the "
                                   f"{v.limit_days}-day limit"))
            elif v.open and v.severity in URGENT:
                out.append(Problem("vulnerability", f"{v.id} ({v.severity}) in {v.package} "
                                   f"{v.version}" + (f", fixed in {v.fixed_versions[0]}"
                                                     if v.fixed_versions else ", no fix yet")))
    if not isinstance(rules, Unavailable):
        for rule in rules:
            open_ = [f for f in rule.findings if not f.suppressed]
            if open_ and rule.severity in URGENT:
                out.append(Problem("finding", f"{rule.rule_id} ({rule.severity}): "
                                   f"{plural(len(open_), 'open finding')}, e.g. at "
                                   f"{open_[0].where}"))
    return tuple(out)


