"""The same evidence judged against three frameworks: the SSDF, IEC 62443-4-1 and the EU CRA.

Each framework beside the SSDF is package data: a catalogue of its requirements
(`data/iec62443-4-1.yaml`, `data/cra-annex-i.yaml`) and a crosswalk from each requirement to
the SSDF v1.1 tasks that speak to it (`data/crosswalk-*.yaml`), every pairing with its source.
A requirement no build-pipeline evidence can speak to is marked `outside_pipeline` with the
reason. Nothing is judged twice: a requirement's state is derived from the SSDF task statuses
that `evaluate.evaluate` already produced, by this rule:

- a requirement marked outside_pipeline is `not_applicable`, with the reason
  "outside a build pipeline's reach: ...";
- otherwise its mapped tasks are looked up (a task with no status counts as not_assessed) and
  the not_applicable ones are set aside, as skipped checks are for a task;
- none left (every mapped task not applicable): `not_applicable`;
- every one left satisfied or declared: `satisfied`, or `declared` when none of them is
  satisfied (the requirement then rests on declarations alone);
- some satisfied, declared or partially satisfied: `partially_satisfied`;
- none of those, and at least one not_satisfied: `not_satisfied`;
- all not_assessed: `not_assessed`.

The "ssdf" framework is the identity: each task is its own requirement and keeps its status.
The CISA attestation form's table (`data/cisa-form.yaml`, read by `cisa_form_items`) is here too.
A pairing says that the task speaks to the requirement, not that it covers all of it; the
crosswalks' notes say where the reach of a pairing ends.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from margo_ssdf import catalog, yamlio
from margo_ssdf.errors import ConfigError, UsageError
from margo_ssdf.models import TaskState, TaskStatus

FRAMEWORKS = ("ssdf", "iec62443-4-1", "cra")
"""Every framework a release can be judged against, the SSDF first."""

OUTSIDE_PIPELINE = "outside a build pipeline's reach"

_DATA = {
    "iec62443-4-1": ("data/iec62443-4-1.yaml", "data/crosswalk-iec62443-4-1.yaml"),
    "cra": ("data/cra-annex-i.yaml", "data/crosswalk-cra.yaml"),
}
_SSDF_FILE = "data/ssdf-1.1.yaml"
_CITE_FIELDS = {"task", "requirement"}
_ENTRY_KEYS = {"tasks", "outside_pipeline", "note", "evidence"}
_EVIDENCE_KEYS = {"check", "command", "probe", "file", "shows"}
_HELD = (TaskState.SATISFIED, TaskState.DECLARED)


@dataclass(frozen=True)
class Requirement:
    """One requirement of a framework, e.g. IEC 62443-4-1 SM-7 or CRA Annex I II(5)."""

    id: str
    """The framework's own id."""
    title: str
    """Our short summary of what it asks."""
    group_id: str
    """The practice area or part it belongs to, e.g. SM or II."""


@dataclass(frozen=True)
class RequirementGroup:
    """A practice area (IEC 62443-4-1), a part (CRA Annex I) or a practice group (SSDF)."""

    id: str
    title: str
    requirements: tuple[Requirement, ...]


@dataclass(frozen=True)
class FrameworkCatalog:
    """A framework's requirements, in the framework's own order."""

    framework: str
    """One of FRAMEWORKS."""
    version: str
    source: str
    """Where the framework itself is published."""
    file: str
    """The package file the catalogue was read from, for messages."""
    groups: tuple[RequirementGroup, ...]

    @functools.cached_property
    def requirements(self) -> dict[str, Requirement]:
        """Every requirement by id, in catalogue order."""
        return {r.id: r for g in self.groups for r in g.requirements}


@dataclass(frozen=True)
class Source:
    """Where a crosswalk's pairings come from."""

    id: str
    """The key the pairings use, e.g. sp800-218."""
    title: str
    cite: str
    """Citation template; {task} and {requirement} are filled in for each pairing."""
    url: str | None = None


@dataclass(frozen=True)
class Pairing:
    """One requirement paired with one SSDF task, and why."""

    task_id: str
    source_id: str
    citation: str
    """The source's citation for this pairing, in words."""


@dataclass(frozen=True)
class EvidenceSource:
    """A piece of margo-ssdf evidence that supports a requirement (CRA Part II)."""

    kind: Literal["check", "command"]
    """Whether a check or a margo-ssdf command produces it."""
    producer: str
    """The check id (e.g. vuln.response) or the command (e.g. attest)."""
    shows: str
    """What an auditor learns from it."""
    probe: str | None = None
    """The check's probe that answers for it, if one does."""
    file: str | None = None
    """The evidence file to open, under checks/<check id>/, if there is one."""


@dataclass(frozen=True)
class CrosswalkEntry:
    """One requirement's place in a crosswalk: its SSDF tasks, or why it has none."""

    requirement_id: str
    pairings: tuple[Pairing, ...] = ()
    outside_pipeline: str | None = None
    """Why no build-pipeline evidence can speak to the requirement; set iff no pairings."""
    note: str | None = None
    """Our reasoning, for pairings that are margo-ssdf's reading."""
    evidence: tuple[EvidenceSource, ...] = ()

    @property
    def tasks(self) -> tuple[str, ...]:
        """The mapped SSDF task ids, in the crosswalk's order."""
        return tuple(p.task_id for p in self.pairings)


@dataclass(frozen=True)
class Crosswalk:
    """A framework's requirements mapped onto SSDF tasks."""

    framework: str
    file: str
    sources: dict[str, Source] = field(default_factory=dict)
    entries: dict[str, CrosswalkEntry] = field(default_factory=dict)


class RequirementStatus(BaseModel):
    """A framework requirement's state, derived from the statuses of its SSDF tasks."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    framework: str
    requirement_id: str
    title: str
    state: TaskState
    tasks: tuple[str, ...]
    """The SSDF tasks the state was derived from (none when outside the pipeline)."""
    reason: str


@dataclass(frozen=True)
class CisaItem:
    """One attestation requirement of the CISA form (or one item of it) and the tasks it cites."""

    id: str
    """The form's numbering: 1(a) to 1(f), 2, 3, 4."""
    title: str
    tasks: tuple[str, ...]
    """The SSDF tasks the form's Appendix References table cites for it."""
    eo_14028: str | None = None
    """The E.O. 14028 subsection it answers, e.g. 4e(i)(A), where the table records one."""


def _unknown_framework(name: str) -> UsageError:
    return UsageError(f"unknown framework '{name}'.",
                      fix=f"Choose one of: {', '.join(FRAMEWORKS)}.")


def _read(path: str) -> str:
    return resources.files("margo_ssdf").joinpath(path).read_text("utf-8")


def _where(doc: yamlio.Located, path: yamlio.KeyPath) -> str:
    line = doc.line(path)
    return f" (line {line})" if line else ""


_CATALOG_FIX = "Give every requirement a unique id within its group's prefix, and a title."
_CROSSWALK_FIX = ("Correct the ids against the catalogues; every requirement needs at least one "
                  "SSDF task or an outside_pipeline reason.")


def _fail(file: str, problems: list[str], fix: str) -> ConfigError:
    return ConfigError("; ".join(problems) + ".", file=file, fix=fix)


def parse_catalog(text: str, file: str) -> FrameworkCatalog:
    """A framework catalogue from its YAML text; `file` names it in errors."""
    doc = yamlio.loads(text, file)
    raw = doc.data
    if not isinstance(raw, dict) or not isinstance(raw.get("groups"), list):
        raise ConfigError("a catalogue needs framework, version, source and groups.", file=file)
    problems: list[str] = []
    groups: list[RequirementGroup] = []
    seen: set[str] = set()
    for gi, g in enumerate(raw["groups"]):
        if not isinstance(g, dict):
            problems.append(f"group {gi + 1} is not a mapping{_where(doc, ('groups', gi))}")
            continue
        gid, reqs = str(g.get("id", "")), g.get("requirements")
        if not isinstance(reqs, dict) or not reqs:
            problems.append(f"group '{gid}' has no requirements{_where(doc, ('groups', gi))}")
            continue
        items = []
        for rid, title in reqs.items():
            where = _where(doc, ("groups", gi, "requirements", rid))
            if not re.match(rf"{re.escape(gid)}[-(]", rid):
                problems.append(f"requirement '{rid}' does not belong to group '{gid}'{where}")
            if rid in seen:
                problems.append(f"requirement '{rid}' appears twice{where}")
            if not isinstance(title, str) or not title.strip():
                problems.append(f"requirement '{rid}' has no title{where}")
            seen.add(rid)
            items.append(Requirement(rid, str(title), gid))
        groups.append(RequirementGroup(gid, str(g.get("title", "")), tuple(items)))
    if problems:
        raise _fail(file, problems, _CATALOG_FIX)
    return FrameworkCatalog(str(raw.get("framework")), str(raw.get("version")),
                            str(raw.get("source")), file, tuple(groups))


def _parse_sources(doc: yamlio.Located, problems: list[str]) -> dict[str, Source]:
    raw = doc.data.get("sources")
    if not isinstance(raw, dict) or not raw:
        problems.append("the crosswalk names no sources")
        return {}
    out = {}
    for sid, s in raw.items():
        where = _where(doc, ("sources", sid))
        if not isinstance(s, dict) or not isinstance(s.get("cite"), str) or not s.get("title"):
            problems.append(f"source '{sid}' needs a title and a cite template{where}")
            continue
        fields = {f for _, f, _, _ in string.Formatter().parse(s["cite"]) if f is not None}
        if not fields <= _CITE_FIELDS:
            problems.append(f"source '{sid}' cites unknown fields {sorted(fields - _CITE_FIELDS)}"
                            f" (only {{task}} and {{requirement}}){where}")
            continue
        out[sid] = Source(sid, str(s["title"]).strip(), s["cite"], s.get("url"))
    return out


def _parse_evidence(doc: yamlio.Located, rid: str, raw: Any,
                    problems: list[str]) -> tuple[EvidenceSource, ...]:
    if not isinstance(raw, list):
        problems.append(f"{rid}: evidence must be a list{_where(doc, ('requirements', rid))}")
        return ()
    out = []
    for i, e in enumerate(raw):
        where = _where(doc, ("requirements", rid, "evidence", i))
        if not isinstance(e, dict) or set(e) - _EVIDENCE_KEYS:
            problems.append(f"{rid}: evidence {i + 1} may only have {sorted(_EVIDENCE_KEYS)}"
                            f"{where}")
            continue
        if ("check" in e) == ("command" in e) or not e.get("shows"):
            problems.append(f"{rid}: evidence {i + 1} needs one of check or command, and "
                            f"shows{where}")
            continue
        kind: Literal["check", "command"] = "check" if "check" in e else "command"
        out.append(EvidenceSource(kind=kind, producer=str(e[kind]), shows=str(e["shows"]),
                                  probe=e.get("probe"), file=e.get("file")))
    return tuple(out)


def _parse_entry(doc: yamlio.Located, rid: str, raw: Any, sources: dict[str, Source],
                 framework: FrameworkCatalog, problems: list[str]) -> CrosswalkEntry | None:
    where = _where(doc, ("requirements", rid))
    if rid not in framework.requirements:
        problems.append(f"unknown requirement id '{rid}' (not in {framework.file}){where}")
        return None
    if not isinstance(raw, dict) or set(raw) - _ENTRY_KEYS:
        problems.append(f"{rid}: may only have {sorted(_ENTRY_KEYS)}{where}")
        return None
    tasks, outside = raw.get("tasks"), raw.get("outside_pipeline")
    if (tasks is None) == (outside is None):
        problems.append(f"{rid}: needs either tasks or outside_pipeline (not both){where}")
        return None
    if outside is not None:
        if not isinstance(outside, str) or not outside.strip():
            problems.append(f"{rid}: outside_pipeline needs a reason{where}")
            return None
        note = raw.get("note")
        return CrosswalkEntry(rid, outside_pipeline=outside.strip(),
                              note=note.strip() if note else None)
    if not isinstance(tasks, dict) or not tasks:
        problems.append(f"{rid}: tasks must map at least one SSDF task to a source{where}")
        return None
    pairings = []
    for tid, sid in tasks.items():
        at = _where(doc, ("requirements", rid, "tasks", tid))
        if tid not in catalog.ssdf().tasks:
            problems.append(f"{rid}: unknown SSDF task id '{tid}' (not in "
                            f"margo_ssdf/{_SSDF_FILE}){at}")
        elif sid not in sources:
            problems.append(f"{rid}: {tid} names unknown source '{sid}'{at}")
        else:
            pairings.append(Pairing(tid, sid, sources[sid].cite.format(task=tid,
                                                                          requirement=rid)))
    evidence = _parse_evidence(doc, rid, raw["evidence"], problems) if "evidence" in raw else ()
    note = raw.get("note")
    return CrosswalkEntry(rid, tuple(pairings), note=note.strip() if note else None,
                          evidence=evidence)


def parse_crosswalk(text: str, file: str, framework: FrameworkCatalog) -> Crosswalk:
    """A crosswalk from its YAML text, checked against `framework` and the SSDF catalogue.

    Every unknown requirement id, unknown SSDF task id, unknown source and unmapped requirement
    is reported at once, naming the id, the file and the line.
    """
    doc = yamlio.loads(text, file)
    if not isinstance(doc.data, dict) or not isinstance(doc.data.get("requirements"), dict):
        raise ConfigError("a crosswalk needs framework, sources and requirements.", file=file)
    problems: list[str] = []
    if doc.data.get("framework") != framework.framework:
        problems.append(f"framework is '{doc.data.get('framework')}', expected "
                        f"'{framework.framework}'")
    sources = _parse_sources(doc, problems)
    entries: dict[str, CrosswalkEntry] = {}
    for rid, raw in doc.data["requirements"].items():
        entry = _parse_entry(doc, str(rid), raw, sources, framework, problems)
        if entry is not None:
            entries[entry.requirement_id] = entry
    for rid in framework.requirements:
        if rid not in entries and rid not in doc.data["requirements"]:
            problems.append(f"requirement '{rid}' is neither mapped to an SSDF task nor marked "
                            "outside_pipeline")
    if problems:
        raise _fail(file, problems, _CROSSWALK_FIX)
    ordered = {rid: entries[rid] for rid in framework.requirements}
    return Crosswalk(framework.framework, file, sources, ordered)


@functools.cache
def framework_catalog(name: str) -> FrameworkCatalog:
    """The requirements of one of FRAMEWORKS (for "ssdf", its tasks grouped by practice group)."""
    if name == "ssdf":
        ssdf = catalog.ssdf()
        groups = tuple(RequirementGroup(g.id, g.title, tuple(
            Requirement(t.id, t.title, g.id) for p in g.practices for t in p.tasks))
            for g in ssdf.groups)
        return FrameworkCatalog("ssdf", ssdf.version, ssdf.source, f"margo_ssdf/{_SSDF_FILE}",
                                groups)
    if name not in _DATA:
        raise _unknown_framework(name)
    path = _DATA[name][0]
    return parse_catalog(_read(path), f"margo_ssdf/{path}")


@functools.cache
def crosswalk(name: str) -> Crosswalk:
    """The crosswalk of one of FRAMEWORKS to the SSDF tasks (for "ssdf", the identity)."""
    framework = framework_catalog(name)
    if name == "ssdf":
        identity = Source("ssdf", "SSDF v1.1 itself", "{task} is itself", framework.source)
        return Crosswalk("ssdf", framework.file, {"ssdf": identity}, {
            tid: CrosswalkEntry(tid, (Pairing(tid, "ssdf", f"{tid} is itself"),))
            for tid in framework.requirements})
    path = _DATA[name][1]
    return parse_crosswalk(_read(path), f"margo_ssdf/{path}", framework)


def requirement_state(states: Sequence[TaskState]) -> TaskState:
    """A mapped requirement's state from its tasks' states (the rule in the module docstring)."""
    counted = [s for s in states if s is not TaskState.NOT_APPLICABLE]
    if not counted:
        return TaskState.NOT_APPLICABLE
    held = [s for s in counted if s in _HELD]
    if len(held) == len(counted):
        return TaskState.SATISFIED if TaskState.SATISFIED in held else TaskState.DECLARED
    if held or TaskState.PARTIALLY_SATISFIED in counted:
        return TaskState.PARTIALLY_SATISFIED
    if TaskState.NOT_SATISFIED in counted:
        return TaskState.NOT_SATISFIED
    return TaskState.NOT_ASSESSED


def _status(name: str, req: Requirement, entry: CrosswalkEntry,
            by_task: dict[str, TaskStatus]) -> RequirementStatus:
    if entry.outside_pipeline is not None:
        return RequirementStatus(framework=name, requirement_id=req.id, title=req.title,
                                 state=TaskState.NOT_APPLICABLE, tasks=(),
                                 reason=f"{OUTSIDE_PIPELINE}: {entry.outside_pipeline}")
    states = [by_task[t].state if t in by_task else TaskState.NOT_ASSESSED for t in entry.tasks]
    state = requirement_state(states)
    if name == "ssdf":
        own = by_task.get(req.id)
        reason = own.reason if own else "no status for this task"
    elif state is TaskState.NOT_APPLICABLE:
        reason = "every mapped task is not applicable: " + ", ".join(entry.tasks)
    else:
        reason = "mapped tasks: " + ", ".join(
            f"{t} {s.value}" + ("" if t in by_task else " (no status)")
            for t, s in zip(entry.tasks, states, strict=True))
    return RequirementStatus(framework=name, requirement_id=req.id, title=req.title,
                             state=state, tasks=entry.tasks, reason=reason)


def evaluate_framework(name: str, task_statuses: Sequence[TaskStatus]
                       ) -> list[RequirementStatus]:
    """Every requirement of framework `name`, in its order, judged from the SSDF statuses."""
    if name not in FRAMEWORKS:
        raise _unknown_framework(name)
    framework, walk = framework_catalog(name), crosswalk(name)
    by_task = {s.task_id: s for s in task_statuses}
    return [_status(name, req, walk.entries[rid], by_task)
            for rid, req in framework.requirements.items()]


def evidence_for(requirement: str, framework: str = "cra") -> tuple[EvidenceSource, ...]:
    """The margo-ssdf evidence that supports a requirement (recorded for CRA Annex I Part II)."""
    if framework not in FRAMEWORKS:
        raise _unknown_framework(framework)
    walk = crosswalk(framework)
    if requirement not in walk.entries:
        raise UsageError(f"{framework} has no requirement '{requirement}'.",
                         fix=f"Use an id from {framework_catalog(framework).file}.")
    return walk.entries[requirement].evidence


_CISA_FILE = "data/cisa-form.yaml"
_CISA_KEYS = {"id", "title", "tasks", "eo_14028"}
_CISA_FIX = ("Give every item a unique id, a title and a list of SSDF v1.1 task ids, as the "
             "form's Appendix References table cites them.")


def _cisa_item(doc: yamlio.Located, i: int, raw: Any, problems: list[str]) -> CisaItem | None:
    where = _where(doc, ("items", i))
    if not isinstance(raw, dict) or set(raw) - _CISA_KEYS:
        problems.append(f"item {i + 1} may only have {sorted(_CISA_KEYS)}{where}")
        return None
    iid, tasks = str(raw.get("id", "")), raw.get("tasks")
    if not iid or not raw.get("title") or not isinstance(tasks, list) or not tasks:
        problems.append(f"item {i + 1} ('{iid}') needs an id, a title and tasks{where}")
        return None
    unknown = [str(t) for t in tasks if t not in catalog.ssdf().tasks]
    if unknown:
        problems.append(f"item '{iid}': unknown SSDF task ids {unknown}{where}")
    eo = raw.get("eo_14028")
    return CisaItem(iid, str(raw["title"]), tuple(str(t) for t in tasks),
                    str(eo) if eo is not None else None)


def parse_cisa_form(text: str, file: str) -> tuple[CisaItem, ...]:
    """The CISA form's items from the YAML text of its table; `file` names it in errors."""
    doc = yamlio.loads(text, file)
    raw = doc.data.get("items") if isinstance(doc.data, dict) else None
    if not isinstance(raw, list) or not raw:
        raise ConfigError("the CISA form table has no list of items.", file=file, fix=_CISA_FIX)
    problems: list[str] = []
    items: dict[str, CisaItem] = {}
    for i, r in enumerate(raw):
        item = _cisa_item(doc, i, r, problems)
        if item and item.id in items:
            problems.append(f"item '{item.id}' appears twice{_where(doc, ('items', i))}")
        elif item:
            items[item.id] = item
    if problems:
        raise _fail(file, problems, _CISA_FIX)
    return tuple(items.values())


@functools.cache
def cisa_form_items() -> tuple[CisaItem, ...]:
    """The CISA attestation form's items, in the form's order (package data)."""
    return parse_cisa_form(_read(_CISA_FILE), f"margo_ssdf/{_CISA_FILE}")
