"""`margo-ssdf sbom`: write a CycloneDX SBOM of a release and print its NTIA score."""

from __future__ import annotations

from pathlib import Path

import click

from margo_ssdf.errors import OutputError


@click.command("sbom")
@click.argument("path", type=click.Path(path_type=Path), default=Path())
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="File to write (replaced atomically).")
@click.option("--format", "fmt", type=click.Choice(["json", "xml"]), default="json",
              show_default=True, help="CycloneDX 1.6 JSON or XML.")
@click.option("--artifact", "artifacts", multiple=True, type=click.Path(path_type=Path),
              help="A release file (binary, tarball, wheel) to list with its sha256.")
@click.option("--image", "images", multiple=True, metavar="NAME@sha256:HEX",
              help="A container image of the release, by digest.")
@click.option("--environment", "use_environment", is_flag=True,
              help="Also list the Python distributions installed in this environment.")
@click.option("--include-dev", is_flag=True, help="Keep dev-only dependencies of lockfiles.")
def sbom_command(path: Path, output: Path, fmt: str, artifacts: tuple[Path, ...],
                 images: tuple[str, ...], use_environment: bool, include_dev: bool) -> int:
    """Write a CycloneDX 1.6 SBOM of the release at PATH and print its NTIA score."""
    from margo_ssdf.discovery import discover
    from margo_ssdf.files import write_atomic
    from margo_ssdf.sbom.generate import generate

    generated = generate(discover(path), artifacts=artifacts, images=images,
                         use_environment=use_environment, include_dev=include_dev, fmt=fmt)
    try:
        write_atomic(output, generated.text.encode())
    except OSError as exc:
        raise OutputError(f"{output}: cannot be written: {exc.strerror}.") from exc
    for problem in generated.inventory.problems:
        click.echo(f"margo-ssdf: warning: {problem}", err=True)
    cov = generated.score.coverage
    click.echo(f"Wrote {output}: {generated.score.components} components; NTIA "
               + ", ".join(f"{k} {v:.0%}" for k, v in cov.items()), err=True)
    return 0
