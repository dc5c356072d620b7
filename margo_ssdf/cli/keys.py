"""`margo-ssdf keygen`: create a key pair for `attest --sign key`."""

from __future__ import annotations

import os
from pathlib import Path

import click

from margo_ssdf.cli.common import echo_json, result_format_option


@click.command()
@click.option("--kind", type=click.Choice(["ecdsa-p256", "ed25519"]), default="ecdsa-p256",
              show_default=True)
@click.option("--out", "prefix", type=click.Path(path_type=Path), required=True,
              help="Writes PREFIX.key (0600) and PREFIX.pub; refuses to overwrite.")
@result_format_option()
def keygen(kind: str, prefix: Path, fmt: str) -> int:
    """Create a signing key pair (password from $MARGO_SSDF_KEY_PASSWORD, if set).

    \b
    --format json prints {"private_key", "public_key", "keyid", "kind", "encrypted"}.
    """
    from margo_ssdf.attest.keys import PASSWORD_ENV, KeyKind, generate

    password = os.environ.get(PASSWORD_ENV)
    kind_name: KeyKind = "ed25519" if kind == "ed25519" else "ecdsa-p256"
    key_id = generate(kind_name, prefix.with_suffix(".key"), prefix.with_suffix(".pub"),
                      password.encode() if password else None)
    click.echo(f"Wrote {prefix.with_suffix('.key')} and {prefix.with_suffix('.pub')} "
               f"(keyid {key_id}){'' if password else '; the private key is not encrypted'}.",
               err=True)
    if fmt == "json":
        echo_json({"private_key": str(prefix.with_suffix(".key")),
                   "public_key": str(prefix.with_suffix(".pub")), "keyid": key_id,
                   "kind": kind_name, "encrypted": bool(password)})
    return 0
