"""Transcodes an uploaded video; the output codec comes from the JSON request model."""

import subprocess

from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()


class Transcode(BaseModel):
    video_id: int
    codec: str


@app.post("/videos/transcode")
def transcode(job: Transcode) -> dict:
    src = f"/srv/videos/{job.video_id}.mp4"
    cmd = f"ffmpeg -y -i {src} -c:v {job.codec} /srv/videos/{job.video_id}.out.mkv"
    subprocess.run(cmd, shell=True, check=True, timeout=3600)
    return {"status": "done"}
