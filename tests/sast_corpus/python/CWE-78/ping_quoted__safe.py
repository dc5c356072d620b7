"""Health probe that pings a host, quoting it for the shell."""

import os
import shlex


def host_is_up(host: str) -> bool:
    return os.system("ping -c 1 -W 2 " + shlex.quote(host)) == 0
