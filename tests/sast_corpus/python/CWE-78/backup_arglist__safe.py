"""Nightly backup of one project directory, without a shell."""

import subprocess


def backup(project: str, dest: str) -> None:
    archive = f"{dest}/{project}.tgz"
    subprocess.run(["tar", "-czf", archive, "-C", "/srv/projects", project], check=True)
