"""margo-ssdf: NIST SSDF evidence and signed per-release compliance attestations.

The command line (`margo-ssdf`, or `python -m margo_ssdf`) is the main interface. These modules
are the public Python API; every other module is private and may change between releases:

- `margo_ssdf.flow`: run the checks on a project (`RunRequest`, `execute`, `exit_code`).
- `margo_ssdf.models`: the wire models (`CheckResult`, `Evidence`, `TaskStatus`, `RunSummary`).
- `margo_ssdf.checks`: the check interface (`Check`, `CheckContext`) and `registry()`.
- `margo_ssdf.policy`: load a policy and a project's configuration (`load_configuration`).
- `margo_ssdf.attest.trust`: who must have signed (`SignerPolicy`).
- `margo_ssdf.attest.audit`: verify an attestation and recompute its verdict (`audit`).
- `margo_ssdf.report.build` and `margo_ssdf.report.formats`: render a verified attestation.
- `margo_ssdf.vulndb`: the offline OSV store (`OsvStore`).
- `margo_ssdf.errors`: `MargoError` (with `diagnostics()`) and `ExitCode`.

Audit a release attestation offline, as an auditor would::

    from pathlib import Path

    from margo_ssdf.attest.audit import audit
    from margo_ssdf.attest.trust import SignerPolicy

    signer = SignerPolicy.from_options(key=Path("maintainers.pub"))
    result = audit(Path("release.dsse.json"), signer, evidence_dir=Path("evidence"))
    for step in result.steps:
        print("ok " if step.ok else "FAIL", step.name, step.detail)
    print(result.ok, result.predicate.verdict if result.predicate else None)

Run the checks on a project, as `margo-ssdf run` does::

    from margo_ssdf.flow import RunRequest, execute, exit_code

    summary = execute(RunRequest(root=Path(".")), Path("evidence"))
    print(summary.evaluation.verdict, exit_code(summary))
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
