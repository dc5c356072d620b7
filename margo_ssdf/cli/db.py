"""The vulnerability database commands: `db import`, `db status`, `db export` (govulncheck's
offline database), and `audit-sbom`, which re-scans a released SBOM against it."""

from __future__ import annotations

import json
from pathlib import Path

import click

from margo_ssdf.cli.common import db_option, format_option, out_console
from margo_ssdf.errors import ExitCode
from margo_ssdf.report import terminal


@click.command("audit-sbom")
@click.argument("bom", type=click.Path(path_type=Path))
@db_option
@format_option
def audit_sbom(bom: Path, db_path: Path | None, fmt: str) -> int:
    """Re-scan a released CycloneDX SBOM against today's vulnerability database.

    Exit 0 when no component has a known vulnerability, 1 when some do.
    """
    from margo_ssdf.sbom.rescan import read_sbom
    from margo_ssdf.vulndb import OsvStore, scan

    deps, directives = read_sbom(bom)
    with OsvStore(db_path, create=False) as store:
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
def db_import(sources: tuple[Path, ...], db_path: Path | None) -> int:
    """Import OSV advisories (JSON or YAML; directories or zips) into the local database.

    Re-importing is incremental: unchanged advisories are skipped, newer ones replace older.
    """
    from margo_ssdf.vulndb import OsvStore

    with OsvStore(db_path) as store:
        for source in sources:
            report = store.import_source(source)
            click.echo(f"{source}: {report.files} files in {report.seconds:.1f}s: "
                       f"{report.added} added, {report.updated} updated, "
                       f"{report.unchanged} unchanged, {report.stale} older than stored, "
                       f"{report.rejected} rejected", err=True)
            for problem in report.problems[:20]:
                click.echo(f"  rejected {problem.file}: {problem.reason}", err=True)
            if report.rejected > 20:
                click.echo(f"  ... and {report.rejected - 20} more", err=True)
        click.echo(f"Database: {store.path}", err=True)
    return 0


@db_group.command("status")
@db_option
@format_option
def db_status(db_path: Path | None, fmt: str) -> int:
    """Advisories per ecosystem, the newest dates, and every import (when, from what)."""
    import dataclasses

    from margo_ssdf.vulndb import OsvStore

    with OsvStore(db_path, create=False) as store:
        status = store.status()
    if fmt == "json":
        click.echo(json.dumps(dataclasses.asdict(status), indent=2))
        return 0
    out_console().print(terminal.db_status_table(status))
    return 0


@db_group.command("export")
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--format", "export_format", type=click.Choice(["govulncheck"]),
              default="govulncheck", show_default=True,
              help="The layout to write; govulncheck reads it with -db file:///DIRECTORY.")
@click.option("--ecosystem", "ecosystems", multiple=True, default=("Go",), show_default=True,
              help="Export the advisories of this OSV ecosystem (repeatable).")
@db_option
def db_export(directory: Path, export_format: str, ecosystems: tuple[str, ...],
              db_path: Path | None) -> int:
    """Write the database as govulncheck's offline vulnerability database.

    DIRECTORY is created, or replaced whole when it holds an earlier export; any other
    non-empty directory is refused. Two exports of the same database are byte-identical.
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
    return 0
