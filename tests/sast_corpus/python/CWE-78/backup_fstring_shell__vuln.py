"""Nightly backup of one project directory, named by the caller."""

import subprocess


def backup(project: str, dest: str) -> None:
    # The project name comes from the job request and reaches the shell unquoted.
    subprocess.run(f"tar -czf {dest}/{project}.tgz /srv/projects/{project}", shell=True, check=True)
