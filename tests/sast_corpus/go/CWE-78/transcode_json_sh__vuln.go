package main

// Transcodes an uploaded clip to the codec named in the JSON body.

import (
	"encoding/json"
	"net/http"
	"os/exec"
)

type transcodeRequest struct {
	ClipID string `json:"clip_id"`
	Codec  string `json:"codec"`
}

func transcode(w http.ResponseWriter, r *http.Request) {
	var req transcodeRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, "bad body", http.StatusBadRequest)
		return
	}
	line := "ffmpeg -y -i /srv/clips/in.mp4 -c:v " + req.Codec + " /srv/clips/out.mkv"
	if err := exec.Command("sh", "-c", line).Run(); err != nil {
		http.Error(w, "transcode failed", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusAccepted)
}

func main() {
	http.HandleFunc("/clips/transcode", transcode)
}
