"""`margo-ssdf report`: verify an attestation, then render it for people.

Registered on the CLI group with `cli.add_command(report_command)`.
"""

from __future__ import annotations

from pathlib import Path

import click

from margo_ssdf.errors import ExitCode, OutputError

FORMATS = ("html", "md", "text")
_SUFFIX_FORMAT = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md"}


def _format_for(fmt: str | None, output: Path | None) -> str:
    if fmt:
        return fmt
    if output is not None:
        return _SUFFIX_FORMAT.get(output.suffix.lower(), "text")
    return "text"


@click.command("report")
@click.argument("attestation", type=click.Path(path_type=Path))
@click.option("--key", type=click.Path(path_type=Path),
              help="Public key (PEM) that must have signed a key-signed attestation.")
@click.option("--identity", help="Sigstore: the signer identity that must have signed.")
@click.option("--issuer", help="Sigstore: the OIDC issuer of that identity.")
@click.option("--staging", is_flag=True, help="Sigstore: trust the staging instance.")
@click.option("--trusted-root", type=click.Path(path_type=Path),
              help="Sigstore: a trusted_root.json to use instead of the bundled one.")
@click.option("--evidence-dir", type=click.Path(path_type=Path),
              help="The release's evidence directory: every file's digest is checked, and "
                   "the SARIF, vulnerability report and CRA clock are read from it.")
@click.option("--baseline", type=click.Path(path_type=Path), metavar="OLD_ATTESTATION",
              help="An earlier release's attestation to compare with (verified the same way).")
@click.option("--baseline-evidence-dir", type=click.Path(path_type=Path),
              help="The baseline's evidence directory (default: the directory holding "
                   "OLD_ATTESTATION); its files are used only when their digests match.")
@click.option("--baseline-key", type=click.Path(path_type=Path),
              help="Public key that signed the baseline, if not --key.")
@click.option("--baseline-identity",
              help="Sigstore identity that signed the baseline, if not --identity (a "
                   "release workflow's identity names its tag).")
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              help="html (one self-contained page), md (compact, for a job summary) or text "
                   "(default: from the -o suffix, else text).")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="File to write, replaced atomically (default: stdout).")
def report_command(attestation: Path, key: Path | None, identity: str | None,
                   issuer: str | None, staging: bool, trusted_root: Path | None,
                   evidence_dir: Path | None, baseline: Path | None,
                   baseline_evidence_dir: Path | None, baseline_key: Path | None,
                   baseline_identity: str | None, fmt: str | None,
                   output: Path | None) -> int:
    """Verify a release attestation offline, then render it as HTML, Markdown or text.

    The verification result comes first in every format; an attestation that fails
    verification is still rendered, marked NOT VERIFIED. Exit 0 when the attestation (and
    the baseline, if given) verified, 1 when not, 2 when a file is not an attestation at all.
    """
    from margo_ssdf.files import write_atomic
    from margo_ssdf.report.build import build_report, overall_ok
    from margo_ssdf.report.loading import Trust

    trust = Trust(key=key, identity=identity, issuer=issuer, staging=staging,
                  trusted_root=trusted_root)
    baseline_trust = Trust(key=baseline_key or key, identity=baseline_identity or identity,
                           issuer=issuer, staging=staging, trusted_root=trusted_root)
    report = build_report(attestation, trust=trust, evidence_dir=evidence_dir,
                          baseline=baseline, baseline_trust=baseline_trust,
                          baseline_evidence_dir=baseline_evidence_dir)
    chosen = _format_for(fmt, output)
    if chosen == "html":
        from margo_ssdf.report.html import render_html

        rendered = render_html(report)
    elif chosen == "md":
        from margo_ssdf.report.markdown import render_markdown

        rendered = render_markdown(report)
    elif output is not None or not click.get_text_stream("stdout").isatty():
        from margo_ssdf.report.text import text_report

        rendered = text_report(report)
    else:
        from margo_ssdf.cli import _out_console
        from margo_ssdf.report.text import render_text

        render_text(report, _out_console())
        rendered = None
    if rendered is not None:
        if output is None or str(output) == "-":
            click.echo(rendered, nl=False)
        else:
            try:
                write_atomic(output, rendered.encode("utf-8"))
            except OSError as exc:
                raise OutputError(f"{output}: cannot be written: {exc.strerror or exc}.",
                                  fix="Choose another -o path.") from exc
            click.echo(f"{'Verified' if overall_ok(report) else 'NOT VERIFIED'}: "
                       f"{chosen} report written to {output}", err=True)
    return ExitCode.COMPLIANT if overall_ok(report) else ExitCode.NOT_COMPLIANT
