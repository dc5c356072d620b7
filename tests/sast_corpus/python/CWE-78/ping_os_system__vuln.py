"""Health probe that pings a host given on the admin page."""

import os


def host_is_up(host: str) -> bool:
    return os.system("ping -c 1 -W 2 " + host) == 0
