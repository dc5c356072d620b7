"""`margo-ssdf sbom`: write a CycloneDX SBOM of a release and print its NTIA score.

The project and its configuration are read exactly as `verify` reads them (the `exclude` and
`release:` patterns, the `sbom` check's options), so the command writes the SBOM the check does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from margo_ssdf.cli.common import echo_json, project_options, result_format_option
from margo_ssdf.errors import OutputError


@click.command("sbom")
@project_options
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="File to write (replaced atomically).")
@click.option("--format", "fmt", type=click.Choice(["json", "xml"]), default="json",
              show_default=True, help="CycloneDX 1.6 JSON or XML.")
@click.option("--artifact", "artifacts", multiple=True, type=click.Path(path_type=Path),
              help="A release file (binary, tarball, wheel) to list with its sha256.")
@click.option("--image", "images", multiple=True, metavar="NAME@sha256:HEX",
              help="A container image of the release, by digest (added to the sbom check's "
                   "`images` option).")
@click.option("--environment/--no-environment", "use_environment", default=None,
              help="List the release's dependency closure installed in this environment "
                   "(default: the sbom check's `environment` option).")
@click.option("--include-dev/--no-include-dev", default=None,
              help="Keep dev-only dependencies of lockfiles (default: the sbom check's "
                   "`include_dev` option).")
@click.option("--python", "python", type=click.Path(path_type=Path), metavar="PATH",
              help="Describe this interpreter's environment (e.g. .venv/bin/python) instead "
                   "of margo-ssdf's own, as `cyclonedx-py environment PATH` does; implies "
                   "--environment.")
@result_format_option("--summary-format", "summary_fmt")
def sbom_command(path: Path, policy_path: Path | None, config_path: Path | None, output: Path,
                 fmt: str, artifacts: tuple[Path, ...], images: tuple[str, ...],
                 use_environment: bool | None, include_dev: bool | None,
                 python: Path | None, summary_fmt: str) -> int:
    """Write a CycloneDX 1.6 SBOM of the release at PATH and print its NTIA score.

    \b
    --summary-format json prints {"output", "format", "release": {"name", "version",
    "purl"}, "components", "ntia": {element: share}, "skipped": [{"manifest", "rule"}],
    "warnings": [...]}.
    """
    from margo_ssdf.checks.sbom import SbomCheck
    from margo_ssdf.files import write_atomic
    from margo_ssdf.flow import RunRequest, prepare
    from margo_ssdf.sbom.generate import from_options

    project, config = prepare(RunRequest(root=path, policy_path=policy_path,
                                         config_path=config_path))
    options = _options(config.policy.options_for(SbomCheck()), images,
                       use_environment, include_dev)
    if python is not None:
        options["python"] = str(python.absolute())  # a command-line path is the caller's
    generated = from_options(project, options, artifacts=artifacts, fmt=fmt)
    try:
        write_atomic(output, generated.text.encode())
    except OSError as exc:
        raise OutputError(f"{output}: cannot be written: {exc.strerror}.") from exc
    for skipped in generated.inventory.skipped:
        click.echo(f"margo-ssdf: skipped {skipped.manifest}: not the release's "
                   f"({skipped.rule})", err=True)
    for problem in generated.inventory.problems:
        click.echo(f"margo-ssdf: warning: {problem}", err=True)
    cov = generated.score.coverage
    click.echo(f"Wrote {output}: {generated.score.components} components; NTIA "
               + ", ".join(f"{k} {v:.0%}" for k, v in cov.items()), err=True)
    if summary_fmt == "json":
        release = generated.release
        echo_json({"output": str(output), "format": fmt,
                   "release": {"name": release.name, "version": release.version,
                               "purl": release.purl},
                   "components": generated.score.components, "ntia": dict(cov),
                   "skipped": [{"manifest": s.manifest, "rule": s.rule}
                               for s in generated.inventory.skipped],
                   "warnings": [str(p) for p in generated.inventory.problems]})
    return 0


def _options(configured: dict[str, Any], images: tuple[str, ...], use_environment: bool | None,
             include_dev: bool | None) -> dict[str, Any]:
    """The sbom check's options from the configuration, with the command line's changes."""
    out = {**configured, "images": [*(configured.get("images") or []),
                                     *(i for i in images if i not in (configured.get("images")
                                                                       or []))]}
    if use_environment is not None:
        out["environment"] = use_environment
    if include_dev is not None:
        out["include_dev"] = include_dev
    return out
