"""Rebuilds the documentation; the pipeline needs a shell, the command is fixed."""

import subprocess

REBUILD = "make clean && make html 2>&1 | tee build.log"


def rebuild_docs(cwd: str) -> int:
    return subprocess.run(REBUILD, shell=True, cwd=cwd, check=False).returncode
