"""The listing commands: `practices` (the SSDF tasks or a framework's requirements) and
`checks` (the installed checks)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from margo_ssdf import listing
from margo_ssdf.checks import registry
from margo_ssdf.cli.common import out_console, project_options
from margo_ssdf.policy import load_configuration
from margo_ssdf.report import terminal

listing_format = click.option(
    "--format", "fmt", type=click.Choice(["text", "json", "oscal"]), default="text",
    show_default=True, help="oscal: an OSCAL catalog (practices) or component definition "
                            "(checks), for GRC tools.")


@click.command()
@project_options
@listing_format
@click.option("--framework", type=click.Choice(["ssdf", "iec62443-4-1", "cra"]),
              default="ssdf", show_default=True,
              help="List this framework's requirements and the SSDF tasks each maps to.")
def practices(path: Path, policy_path: Path | None, config_path: Path | None, fmt: str,
              framework: str) -> int:
    """List the 19 practices and 42 tasks of SSDF v1.1 and how the policy evidences each."""
    from margo_ssdf.discovery import require_directory

    if fmt == "oscal":  # the catalogue itself: no project or policy in it
        from margo_ssdf.oscal.catalog import render_catalog

        click.echo(render_catalog(framework), nl=False)
        return 0
    if framework != "ssdf":
        return _framework_practices(framework, fmt)
    require_directory(path)
    policy = load_configuration(path, checks=registry(), policy_path=policy_path,
                                config_path=config_path).policy
    if fmt == "json":
        click.echo(json.dumps(listing.ssdf_practices(policy), indent=2))
    else:
        out_console().print(terminal.practices_table(policy))
    return 0


def _framework_practices(name: str, fmt: str) -> int:
    if fmt == "text":
        out_console().print(terminal.framework_practices(name))
    else:
        click.echo(json.dumps(listing.framework_practices(name), indent=2))
    return 0


@click.command("checks")
@project_options
@listing_format
def list_checks(path: Path, policy_path: Path | None, config_path: Path | None,
                fmt: str) -> int:
    """List the installed checks, their SSDF tasks, tools and thresholds.

    With --format oscal, an OSCAL component definition: the SSDF tasks each check evidences
    under the policy of the project at PATH (its digest recorded).
    """
    checks = list(registry().values())
    if fmt == "oscal":
        return _component_definition(path, policy_path, config_path)
    if fmt == "json":
        click.echo(json.dumps(listing.checks_listing(checks), indent=2))
    else:
        out_console().print(terminal.checks_table(checks))
    return 0


def _component_definition(path: Path, policy_path: Path | None,
                          config_path: Path | None) -> int:
    from margo_ssdf.discovery import require_directory
    from margo_ssdf.oscal.component import render_component

    require_directory(path)
    checks = registry()
    policy = load_configuration(path, checks=checks, policy_path=policy_path,
                                config_path=config_path).policy
    click.echo(render_component(checks.values(), policy), nl=False)
    return 0
