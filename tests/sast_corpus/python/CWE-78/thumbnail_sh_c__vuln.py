"""Makes a thumbnail of an uploaded image with ImageMagick."""

import subprocess


def thumbnail(upload_path: str, size: str) -> bytes:
    script = "convert " + upload_path + " -resize " + size + " png:-"
    return subprocess.check_output(["sh", "-c", script])
