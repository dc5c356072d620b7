package main

// Transcodes an uploaded clip; the codec in the JSON body selects a known encoder.

import (
	"encoding/json"
	"net/http"
	"os/exec"
)

type transcodeRequest struct {
	Codec string `json:"codec"`
}

var encoders = map[string]string{"h264": "libx264", "h265": "libx265", "av1": "libsvtav1"}

func transcode(w http.ResponseWriter, r *http.Request) {
	var req transcodeRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, "bad body", http.StatusBadRequest)
		return
	}
	enc, ok := encoders[req.Codec]
	if !ok {
		http.Error(w, "unknown codec", http.StatusBadRequest)
		return
	}
	if err := exec.Command("ffmpeg", "-y", "-i", "/srv/clips/in.mp4", "-c:v", enc, "/srv/clips/out.mkv").Run(); err != nil {
		http.Error(w, "transcode failed", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusAccepted)
}

func main() {
	http.HandleFunc("/clips/transcode", transcode)
}
