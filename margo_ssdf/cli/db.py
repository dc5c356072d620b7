"""The vulnerability database commands: `db update` (the OSV exports, the one command that
uses the network), `db import`, `db status`, `db export` (govulncheck's offline database), and
`audit-sbom`, which re-scans a released SBOM against it."""

from __future__ import annotations

import contextlib
import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

from margo_ssdf.cli.common import (
    db_option,
    echo_json,
    err_console,
    format_option,
    interactive_stderr,
    out_console,
    result_format_option,
)
from margo_ssdf.errors import ExitCode
from margo_ssdf.report import terminal
from margo_ssdf.vulndb.freshness import DEFAULT_MAX_AGE_DAYS

if TYPE_CHECKING:
    from margo_ssdf.vulndb.fetch import Progress, UpdateReport
    from margo_ssdf.vulndb.importer import ImportReport

max_age_option = click.option(
    "--max-database-age", "max_age", type=click.FloatRange(min=0, min_open=True),
    default=DEFAULT_MAX_AGE_DAYS, show_default=True, metavar="DAYS",
    help="Data older than this many days is stale (the policy option of the same name).")


@click.command("audit-sbom")
@click.argument("bom", type=click.Path(path_type=Path))
@db_option
@max_age_option
@format_option
def audit_sbom(bom: Path, db_path: Path | None, max_age: float, fmt: str) -> int:
    """Re-scan a released CycloneDX SBOM against today's vulnerability database.

    Exit 0 when no component has a known vulnerability, 1 when some do, 3 when the data for an
    ecosystem the SBOM needs is missing or older than --max-database-age.
    """
    from margo_ssdf.sbom.rescan import read_sbom
    from margo_ssdf.vulndb import OsvStore, freshness, scan

    deps, directives = read_sbom(bom)
    with OsvStore(db_path, create=False) as store:
        freshness.require_fresh(store, freshness.needed_ecosystems(deps, directives), max_age,
                                option_key="--max-database-age")
        report = scan.audit_dependencies(deps, store, go_directives=directives)
    if fmt == "json":
        click.echo(report.model_dump_json(indent=2))
    else:
        out_console().print(terminal.vulnerabilities_table(report))
    return ExitCode.NOT_COMPLIANT if report.findings else ExitCode.COMPLIANT


@click.group("db")
def db_group() -> None:
    """The offline OSV vulnerability database."""


@db_group.command("import")
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@result_format_option()
def db_import(sources: tuple[Path, ...], db_path: Path | None, fmt: str) -> int:
    """Import OSV advisories (JSON or YAML; directories or zips) into the local database.

    Re-importing is incremental: unchanged advisories are skipped, newer ones replace older.

    \b
    --format json prints {"database", "imports": [{"source", "kind", "source_sha256",
    "started", "seconds", "files", "added", "updated", "unchanged", "stale", "rejected",
    "problems": [{"file", "reason"}], ...}]}.
    """
    from margo_ssdf.vulndb import OsvStore

    reports = []
    with OsvStore(db_path) as store:
        for source in sources:
            report = store.import_source(source)
            reports.append(report)
            click.echo(f"{source}: {report.files} files in {report.seconds:.1f}s: "
                       f"{report.added} added, {report.updated} updated, "
                       f"{report.unchanged} unchanged, {report.stale} older than stored, "
                       f"{report.rejected} rejected", err=True)
            for problem in report.problems[:20]:
                click.echo(f"  rejected {problem.file}: {problem.reason}", err=True)
            if report.rejected > 20:
                click.echo(f"  ... and {report.rejected - 20} more", err=True)
        click.echo(f"Database: {store.path}", err=True)
    if fmt == "json":
        echo_json({"database": store.path, "imports": [_import_json(r) for r in reports]})
    return 0


def _import_json(report: ImportReport) -> dict[str, object]:
    return {**dataclasses.asdict(report), "rejected": report.rejected}


@db_group.command("update")
@click.option("--source", metavar="URL|DIR",
              help="Where the exports are: an https:// base URL, a file:// URL or a directory "
                   "holding <Ecosystem>/all.zip (default: $MARGO_SSDF_OSV_SOURCE, else the OSV "
                   "bucket https://osv-vulnerabilities.storage.googleapis.com).")
@click.option("--ecosystem", "ecosystems", multiple=True, metavar="NAME",
              help="Fetch this OSV ecosystem (repeatable; default PyPI, Go and every ecosystem "
                   "an earlier update fetched).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=60.0, show_default=True,
              metavar="SECONDS", help="Longest wait for a connection or any read.")
@click.option("--max-size", type=click.IntRange(min=1), default=2048, show_default=True,
              metavar="MIB", help="Largest export accepted.")
@db_option
@result_format_option()
def db_update(source: str | None, ecosystems: tuple[str, ...], timeout: float, max_size: int,
              db_path: Path | None, fmt: str) -> int:
    """Download the OSV exports (PyPI and Go by default) and import them, all or nothing.

    An export unchanged since the last update is not downloaded again (the server answers 304).
    A failure or an interruption leaves the database as it was. The only command that uses
    the network; HTTPS_PROXY and NO_PROXY are honoured.

    \b
    --format json prints {"database", "fetched": [{"ecosystem", "url", "status", "size",
    "sha256", "seconds", ...}], "imports": [as db import's], "seconds"}.
    """
    from margo_ssdf.vulndb import OsvStore
    from margo_ssdf.vulndb.fetch import Limits, update

    limits = Limits(timeout=timeout, max_bytes=max_size * 1024 * 1024)
    with OsvStore(db_path) as store, _download_progress() as progress:
        report = update(store, source=source, ecosystems=ecosystems, limits=limits,
                        progress=progress)
    _print_update(report)
    click.echo(f"Database: {store.path}", err=True)
    if fmt == "json":
        echo_json({"database": store.path, "fetched": [dataclasses.asdict(f)
                                                       for f in report.fetched],
                   "imports": [_import_json(i) for i in report.imports],
                   "seconds": report.seconds})
    return 0


@contextlib.contextmanager
def _download_progress() -> Iterator[Progress | None]:
    """A progress bar per download on an interactive terminal; nothing otherwise."""
    from rich.progress import BarColumn, DownloadColumn, Progress, TaskID, TransferSpeedColumn

    if not interactive_stderr():
        yield None
        return
    console = err_console()
    tasks: dict[str, TaskID] = {}
    with Progress("{task.description}", BarColumn(), DownloadColumn(), TransferSpeedColumn(),
                  console=console, transient=True) as bar:
        def show(ecosystem: str, done: int, total: int | None) -> None:
            if ecosystem not in tasks:
                tasks[ecosystem] = bar.add_task(ecosystem, total=total)
            bar.update(tasks[ecosystem], completed=done)
        yield show


def _print_update(report: UpdateReport) -> None:
    by_source = {i.source: i for i in report.imports}
    for f in report.fetched:
        line = f"{f.ecosystem}: {f.status} {f.url}"
        if f.status == "downloaded":
            line += f" ({f.size / 2**20:.1f} MiB in {f.seconds:.1f}s)"
        imported = by_source.get(f.url)
        if imported is not None:
            line += (f": {imported.files} files, {imported.added} added, {imported.updated} "
                     f"updated, {imported.unchanged} unchanged, {imported.rejected} rejected")
        elif f.status in ("not modified", "unchanged"):
            line += ": nothing to import"
        click.echo(line, err=True)
    click.echo(f"Updated in {report.seconds:.1f}s.", err=True)


@db_group.command("status")
@db_option
@max_age_option
@format_option
def db_status(db_path: Path | None, max_age: float, fmt: str) -> int:
    """Per ecosystem: advisories, how old the data is (stale past --max-database-age), when
    and from what it was last updated; and every import."""
    from datetime import UTC, datetime

    from margo_ssdf.vulndb import OsvStore, freshness

    with OsvStore(db_path, create=False) as store:
        status = store.status()
    now = datetime.now(UTC)
    ages = {e.ecosystem: freshness.age_of(e, now) for e in status.ecosystems}
    if fmt == "json":
        doc = dataclasses.asdict(status)
        for eco in doc["ecosystems"]:
            age = ages[eco["ecosystem"]]
            eco.update(data_time=age.data_time, age_days=None if age.days is None
                       else round(age.days, 2), stale=age.stale(max_age))
        click.echo(json.dumps({**doc, "max_database_age": max_age}, indent=2))
        return 0
    out_console().print(terminal.db_status_table(status, ages, max_age))
    return 0


@db_group.command("export")
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--format", "export_format", type=click.Choice(["govulncheck"]),
              default="govulncheck", show_default=True,
              help="The layout to write; govulncheck reads it with -db file:///DIRECTORY.")
@click.option("--ecosystem", "ecosystems", multiple=True, default=("Go",), show_default=True,
              help="Export the advisories of this OSV ecosystem (repeatable).")
@db_option
@result_format_option("--summary-format")
def db_export(directory: Path, export_format: str, ecosystems: tuple[str, ...],
              db_path: Path | None, fmt: str) -> int:
    """Write the database as govulncheck's offline vulnerability database.

    DIRECTORY is created, or replaced whole when it holds an earlier export; any other
    non-empty directory is refused. Two exports of the same database are byte-identical.

    \b
    --summary-format json prints {"directory", "advisories", "modules", "modified",
    "skipped": [[id, reason]], "seconds", "url", "format"}.
    """
    from margo_ssdf.vulndb import OsvStore
    from margo_ssdf.vulndb.export import export_govulncheck

    with OsvStore(db_path, create=False) as store:
        report = export_govulncheck(store, directory, ecosystems=ecosystems)
    click.echo(f"{report.advisories} advisories of {report.modules} modules written to "
               f"{report.directory} in {report.seconds:.1f}s ({export_format}).", err=True)
    for advisory_id, reason in report.skipped:
        click.echo(f"  left out {advisory_id!r}: {reason}", err=True)
    click.echo(f"Use it with: govulncheck -db {report.url}", err=True)
    if fmt == "json":
        echo_json({**dataclasses.asdict(report), "url": report.url, "format": export_format})
    return 0
