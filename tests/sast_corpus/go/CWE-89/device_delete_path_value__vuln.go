package main

// Deletes a device by the id in the route (Go 1.22 pattern).

import (
	"database/sql"
	"net/http"
)

var db *sql.DB

func deleteDevice(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if _, err := db.ExecContext(r.Context(), "DELETE FROM devices WHERE id = "+id); err != nil {
		http.Error(w, "delete failed", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("DELETE /devices/{id}", deleteDevice)
}
