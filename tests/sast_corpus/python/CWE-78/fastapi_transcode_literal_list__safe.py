"""Transcodes an uploaded video; the codec is a Literal field and the command an argument list."""

import subprocess
from typing import Literal

from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()


class Transcode(BaseModel):
    video_id: int
    codec: Literal["libx264", "libx265", "libvpx-vp9"]


@app.post("/videos/transcode")
def transcode(job: Transcode) -> dict:
    src = f"/srv/videos/{job.video_id}.mp4"
    dst = f"/srv/videos/{job.video_id}.out.mkv"
    subprocess.run(["ffmpeg", "-y", "-i", src, "-c:v", job.codec, dst], check=True, timeout=3600)
    return {"status": "done"}
