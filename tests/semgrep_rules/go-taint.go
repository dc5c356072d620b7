// Test target for rules/semgrep/go-taint.yml (`semgrep --test`).
//
// A "ruleid" comment marks the next line as a finding the named rule must report; an "ok"
// comment marks a safe near-miss it must not report. This file is parsed by semgrep, never built.
package main

import (
	"archive/tar"
	"archive/zip"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	htmltemplate "html/template"
	"io"
	mrand "math/rand"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/template"
	"time"

	"github.com/gorilla/mux"
	"github.com/lib/pq"
)

var db *sql.DB

const baseDir = "/srv/app/files"

// ---------------------------------------------------------------- SQL injection

func sqlHandler(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	// ruleid: margo.go.sql-built-from-strings
	rows, err := db.Query(fmt.Sprintf("SELECT * FROM users WHERE name = '%s'", name))
	if err != nil {
		return
	}
	defer rows.Close()
	query := "SELECT id FROM users WHERE email = '" + r.FormValue("email") + "'"
	// ruleid: margo.go.sql-built-from-strings
	_ = db.QueryRow(query)
	// ruleid: margo.go.sql-built-from-strings
	_, _ = db.ExecContext(r.Context(), "DELETE FROM users WHERE id = "+r.PathValue("id"))
	// ok: margo.go.sql-built-from-strings
	_ = db.QueryRow("SELECT id FROM users WHERE name = $1", name)
	// ok: margo.go.sql-built-from-strings
	_ = db.QueryRowContext(r.Context(), "SELECT id FROM users WHERE name = ?", r.FormValue("n"))
	id, err := strconv.Atoi(r.FormValue("id"))
	if err != nil {
		return
	}
	// ok: margo.go.sql-built-from-strings
	_ = db.QueryRow(fmt.Sprintf("SELECT name FROM users WHERE id = %d", id))
	columns := map[string]string{"name": "name", "age": "age"}
	order := columns[r.URL.Query().Get("sort")]
	// ok: margo.go.sql-built-from-strings
	_, _ = db.Query("SELECT name FROM users ORDER BY " + order)
	// ok: margo.go.sql-built-from-strings
	_, _ = db.Query("SELECT name FROM users ORDER BY " + pq.QuoteIdentifier(r.FormValue("col")))
	// A constant statement built by concatenation is not request data.
	// ok: margo.go.sql-built-from-strings
	_, _ = db.Query("SELECT name " + "FROM users")
}

func sqlFromJSON(w http.ResponseWriter, r *http.Request) {
	var req struct{ Name string }
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		return
	}
	// ruleid: margo.go.sql-built-from-strings
	_, _ = db.Exec("INSERT INTO users(name) VALUES ('" + req.Name + "')")
	sid, err := r.Cookie("session")
	if err != nil {
		return
	}
	// ruleid: margo.go.sql-built-from-strings
	_, _ = db.Query("SELECT * FROM sessions WHERE id = '" + sid.Value + "'")
	vars := mux.Vars(r)
	// ruleid: margo.go.sql-built-from-strings
	_, _ = db.Prepare("SELECT * FROM " + vars["table"])
	// ruleid: margo.go.sql-built-from-strings
	_, _ = db.Query("SELECT * FROM t WHERE h = '" + r.Header.Get("X-Tenant") + "'")
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		return
	}
	var body map[string]string
	if err := json.Unmarshal(raw, &body); err != nil {
		return
	}
	// ruleid: margo.go.sql-built-from-strings
	_, _ = db.Query("SELECT * FROM t WHERE k = '" + body["k"] + "'")
}

// A value the handler did not read from the request is not tainted here.
func sqlFromConfig(w http.ResponseWriter, r *http.Request) {
	table := os.Getenv("USERS_TABLE")
	// ok: margo.go.sql-built-from-strings
	_, _ = db.Query("SELECT * FROM " + table)
}

// ---------------------------------------------------------------- command injection

func convertHandler(w http.ResponseWriter, r *http.Request) {
	file := r.FormValue("file")
	// ruleid: margo.go.exec-shell-injection
	_ = exec.Command("sh", "-c", "convert "+file+" out.png").Run()
	// ruleid: margo.go.exec-shell-injection
	_ = exec.CommandContext(r.Context(), "/bin/bash", "-c", fmt.Sprintf("tar -xzf %s", file)).Run()
	// The value reaches the script as "$1", never as shell text.
	// ok: margo.go.exec-shell-injection
	_ = exec.Command("sh", "-c", `convert "$1" out.png`, "sh", file).Run()
	// ok: margo.go.exec-shell-injection
	_ = exec.Command("sh", "-c", "make build").Run()
	// ok: margo.go.exec-shell-injection
	_ = exec.Command("convert", file, "out.png").Run()
	// ok: margo.go.exec-shell-injection
	_ = exec.Command("sh", "-c", "convert "+shellescape.Quote(file)+" out.png").Run()
	n, err := strconv.Atoi(r.FormValue("n"))
	if err != nil {
		return
	}
	// ok: margo.go.exec-shell-injection
	_ = exec.Command("sh", "-c", fmt.Sprintf("seq %d", n)).Run()
}

var tools = map[string]string{"disk": "/usr/bin/df", "uptime": "/usr/bin/uptime"}

var allowedPrograms = []string{"df", "uptime"}

func toolHandler(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("tool")
	// ruleid: margo.go.exec-tainted-program
	_ = exec.Command(name, "-h").Run()
	// ruleid: margo.go.exec-tainted-program
	_ = exec.CommandContext(r.Context(), mux.Vars(r)["cmd"]).Run()
	// ok: margo.go.exec-tainted-program
	_ = exec.Command(tools[name]).Run()
	// ok: margo.go.exec-tainted-program
	_ = exec.Command("/usr/bin/df", name).Run()
	prog := r.PathValue("prog")
	if !slices.Contains(allowedPrograms, prog) {
		http.Error(w, "unknown program", http.StatusBadRequest)
		return
	}
	// ok: margo.go.exec-tainted-program
	_ = exec.Command(prog).Run()
	other := r.PathValue("other")
	if _, ok := tools[other]; !ok {
		return
	}
	// ok: margo.go.exec-tainted-program
	_ = exec.Command(other).Run()
}

// ---------------------------------------------------------------- path traversal

func download(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	// ruleid: margo.go.path-traversal
	data, err := os.ReadFile(filepath.Join(baseDir, name))
	if err != nil {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	_, _ = w.Write(data)
	// ruleid: margo.go.path-traversal
	http.ServeFile(w, r, filepath.Join(baseDir, mux.Vars(r)["file"]))
	// ruleid: margo.go.path-traversal
	_ = os.Remove(baseDir + "/" + r.Header.Get("X-File"))
	// ServeFile refuses a request path with '..' in it.
	// ok: margo.go.path-traversal
	http.ServeFile(w, r, filepath.Join(baseDir, r.URL.Path))
}

func upload(w http.ResponseWriter, r *http.Request) {
	file, header, err := r.FormFile("upload")
	if err != nil {
		return
	}
	defer file.Close()
	// ruleid: margo.go.path-traversal
	out, err := os.Create(filepath.Join(baseDir, header.Filename))
	if err != nil {
		return
	}
	defer out.Close()
	// ok: margo.go.path-traversal
	safe, err := os.Create(filepath.Join(baseDir, filepath.Base(header.Filename)))
	if err != nil {
		return
	}
	defer safe.Close()
	_, _ = io.Copy(out, file)
}

func serveChecked(w http.ResponseWriter, r *http.Request) {
	full := filepath.Join(baseDir, r.FormValue("file"))
	if !strings.HasPrefix(full, baseDir+string(os.PathSeparator)) {
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}
	// ok: margo.go.path-traversal
	http.ServeFile(w, r, full)
}

func serveAbs(w http.ResponseWriter, r *http.Request) {
	abs, err := filepath.Abs(filepath.Join(baseDir, r.PathValue("file")))
	if err != nil || !strings.HasPrefix(abs, baseDir+"/") {
		return
	}
	// ok: margo.go.path-traversal
	data, _ := os.ReadFile(abs)
	_, _ = w.Write(data)
}

func serveLocal(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	if !filepath.IsLocal(name) {
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}
	// ok: margo.go.path-traversal
	f, err := os.Open(filepath.Join(baseDir, name))
	if err != nil {
		return
	}
	defer f.Close()
	_, _ = io.Copy(w, f)
}

func serveRooted(w http.ResponseWriter, r *http.Request) {
	// ok: margo.go.path-traversal
	data, _ := os.ReadFile(filepath.Join(baseDir, filepath.Clean("/"+r.FormValue("file"))))
	_, _ = w.Write(data)
}

func serveRoot(w http.ResponseWriter, r *http.Request) {
	root, err := os.OpenRoot(baseDir)
	if err != nil {
		return
	}
	defer root.Close()
	// os.Root refuses names that leave the folder.
	// ok: margo.go.path-traversal
	f, err := root.Open(r.FormValue("file"))
	if err != nil {
		return
	}
	defer f.Close()
	_, _ = io.Copy(w, f)
}

// ---------------------------------------------------------------- zip slip

func unzip(zr *zip.Reader, dest string) error {
	for _, f := range zr.File {
		target := filepath.Join(dest, f.Name)
		if f.FileInfo().IsDir() {
			// ruleid: margo.go.zip-slip
			_ = os.MkdirAll(target, 0o755)
			continue
		}
		// ruleid: margo.go.zip-slip
		out, err := os.OpenFile(target, os.O_CREATE|os.O_WRONLY, f.Mode())
		if err != nil {
			return err
		}
		out.Close()
	}
	return nil
}

func unzipChecked(zr *zip.Reader, dest string) error {
	for _, f := range zr.File {
		target := filepath.Join(dest, f.Name)
		if !strings.HasPrefix(target, filepath.Clean(dest)+string(os.PathSeparator)) {
			return fmt.Errorf("illegal file path: %s", f.Name)
		}
		// ok: margo.go.zip-slip
		out, err := os.Create(target)
		if err != nil {
			return err
		}
		out.Close()
	}
	return nil
}

func unzipLocal(zr *zip.Reader, dest string) error {
	for _, f := range zr.File {
		if !filepath.IsLocal(f.Name) {
			return fmt.Errorf("unsafe entry %q", f.Name)
		}
		// ok: margo.go.zip-slip
		if err := os.MkdirAll(filepath.Join(dest, f.Name), 0o755); err != nil {
			return err
		}
	}
	return nil
}

func unzipFlat(zr *zip.Reader, dest string) error {
	for _, f := range zr.File {
		// ok: margo.go.zip-slip
		out, err := os.Create(filepath.Join(dest, filepath.Base(f.Name)))
		if err != nil {
			return err
		}
		out.Close()
	}
	return nil
}

func unzipRoot(zr *zip.Reader, dest string) error {
	root, err := os.OpenRoot(dest)
	if err != nil {
		return err
	}
	defer root.Close()
	for _, f := range zr.File {
		// ok: margo.go.zip-slip
		out, err := root.Create(f.Name)
		if err != nil {
			return err
		}
		out.Close()
	}
	return nil
}

func untar(tr *tar.Reader, dest string) error {
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch hdr.Typeflag {
		case tar.TypeSymlink:
			// ruleid: margo.go.zip-slip
			_ = os.Symlink(hdr.Linkname, filepath.Join(dest, hdr.Name))
		case tar.TypeReg:
			// ruleid: margo.go.zip-slip
			_ = os.WriteFile(dest+"/"+hdr.Name, nil, 0o644)
		}
	}
}

func untarChecked(tr *tar.Reader, dest string) error {
	for {
		hdr, err := tr.Next()
		if err != nil {
			return err
		}
		if strings.Contains(hdr.Name, "..") {
			continue
		}
		// ok: margo.go.zip-slip
		_ = os.WriteFile(filepath.Join(dest, hdr.Name), nil, 0o644)
	}
}

// ---------------------------------------------------------------- SSRF

var allowedHosts = map[string]bool{"api.example.com": true}

func fetchHandler(w http.ResponseWriter, r *http.Request) {
	target := r.URL.Query().Get("url")
	// ruleid: margo.go.ssrf
	resp, err := http.Get(target)
	if err != nil {
		return
	}
	defer resp.Body.Close()
	// ruleid: margo.go.ssrf
	req, _ := http.NewRequestWithContext(r.Context(), http.MethodGet, r.FormValue("callback"), nil)
	client := &http.Client{Timeout: 10 * time.Second}
	_, _ = client.Do(req)
	// ruleid: margo.go.ssrf
	_, _ = client.Get("https://" + r.Header.Get("X-Upstream") + "/status")
	// ruleid: margo.go.ssrf
	_, _ = http.DefaultClient.Post(target, "application/json", nil)
	// The host is fixed; the value only fills the path.
	// ok: margo.go.ssrf
	_, _ = http.Get("https://api.example.com/users/" + url.PathEscape(r.FormValue("id")))
	// ok: margo.go.ssrf
	_, _ = http.Get(fmt.Sprintf("https://api.example.com/users/%s", r.FormValue("id")))
	// ok: margo.go.ssrf
	_, _ = http.Get("https://api.example.com/search?q=" + url.QueryEscape(target))
	fixed := url.URL{Scheme: "https", Host: "api.example.com", Path: "/users/" + r.FormValue("id")}
	// ok: margo.go.ssrf
	_, _ = http.Get(fixed.String())
}

func proxyHandler(w http.ResponseWriter, r *http.Request) {
	raw := r.FormValue("url")
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "https" || !allowedHosts[u.Hostname()] {
		http.Error(w, "host not allowed", http.StatusForbidden)
		return
	}
	// ok: margo.go.ssrf
	resp, err := http.Get(u.String())
	if err != nil {
		return
	}
	defer resp.Body.Close()
	// ok: margo.go.ssrf
	req, _ := http.NewRequest(http.MethodGet, raw, nil)
	_ = req
}

// ---------------------------------------------------------------- open redirect

var allowedRedirects = map[string]bool{"/home": true, "/account": true}

func loginDone(w http.ResponseWriter, r *http.Request) {
	next := r.URL.Query().Get("next")
	// ruleid: margo.go.open-redirect
	http.Redirect(w, r, next, http.StatusFound)
	// ruleid: margo.go.open-redirect
	w.Header().Set("Location", r.FormValue("return_to"))
	// A request path of "//evil.example" makes this protocol-relative.
	// ruleid: margo.go.open-redirect
	http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
	// ok: margo.go.open-redirect
	http.Redirect(w, r, "/profile/"+url.PathEscape(r.FormValue("user")), http.StatusFound)
	// ok: margo.go.open-redirect
	http.Redirect(w, r, "/search?q="+r.FormValue("q"), http.StatusFound)
	// ok: margo.go.open-redirect
	http.Redirect(w, r, "https://www.example.com/"+r.FormValue("page"), http.StatusFound)
	if allowedRedirects[next] {
		// ok: margo.go.open-redirect
		http.Redirect(w, r, next, http.StatusFound)
	}
}

func loginLocal(w http.ResponseWriter, r *http.Request) {
	next := r.FormValue("next")
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		next = "/"
	}
	// ok: margo.go.open-redirect
	http.Redirect(w, r, next, http.StatusFound)
}

func loginParsed(w http.ResponseWriter, r *http.Request) {
	raw := r.FormValue("next")
	u, err := url.Parse(raw)
	if err != nil || u.IsAbs() || u.Host != "" {
		raw = "/"
	}
	// ok: margo.go.open-redirect
	http.Redirect(w, r, raw, http.StatusSeeOther)
}

// ---------------------------------------------------------------- XSS

func greet(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	// ruleid: margo.go.xss-response-write
	fmt.Fprintf(w, "<h1>Hello, %s</h1>", name)
	// ruleid: margo.go.xss-response-write
	_, _ = io.WriteString(w, "<p>"+r.FormValue("comment")+"</p>")
	// ruleid: margo.go.xss-response-write
	_, _ = w.Write([]byte(r.Header.Get("Referer")))
	// ok: margo.go.xss-response-write
	fmt.Fprintf(w, "<h1>Hello, %s</h1>", html.EscapeString(name))
	// ok: margo.go.xss-response-write
	_, _ = io.WriteString(w, "<p>"+htmltemplate.HTMLEscapeString(r.FormValue("comment"))+"</p>")
	out, _ := json.Marshal(map[string]string{"name": name})
	// ok: margo.go.xss-response-write
	_, _ = w.Write(out)
	// ok: margo.go.xss-response-write
	fmt.Fprintf(os.Stdout, "request for %s\n", name)
}

func greetPlain(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	// ok: margo.go.xss-response-write
	fmt.Fprintf(w, "Hello, %s", r.FormValue("name"))
}

const pageSource = `<h1>Hello, {{.}}</h1>`

func greetTextTemplate(w http.ResponseWriter, r *http.Request) {
	page := template.Must(template.New("page").Parse(pageSource))
	// ruleid: margo.go.xss-text-template
	_ = page.Execute(w, r.FormValue("name"))
	// ok: margo.go.xss-text-template
	_ = page.Execute(os.Stdout, r.FormValue("name"))
	// ok: margo.go.xss-text-template
	_ = page.Execute(w, html.EscapeString(r.FormValue("name")))
}

func greetHTMLTemplate(w http.ResponseWriter, r *http.Request) {
	page := htmltemplate.Must(htmltemplate.New("page").Parse(pageSource))
	// ok: margo.go.xss-text-template
	_ = page.Execute(w, r.FormValue("name"))
	// ruleid: margo.go.xss-unescaped-html-type
	_ = page.Execute(w, htmltemplate.HTML(r.FormValue("bio")))
	// ruleid: margo.go.xss-unescaped-html-type
	_ = page.Execute(w, htmltemplate.JS("var q = '"+r.URL.Query().Get("q")+"'"))
	// ok: margo.go.xss-unescaped-html-type
	_ = page.Execute(w, htmltemplate.HTML("<b>"+html.EscapeString(r.FormValue("bio"))+"</b>"))
	// ok: margo.go.xss-unescaped-html-type
	_ = page.Execute(w, htmltemplate.HTML("<hr>"))
}

// ---------------------------------------------------------------- weak randomness

const letters = "abcdefghijklmnopqrstuvwxyz0123456789"

func generateToken(n int) string {
	b := make([]byte, n)
	for i := range b {
		// ruleid: margo.go.math-rand-secret
		b[i] = letters[mrand.Intn(len(letters))]
	}
	// ruleid: margo.go.math-rand-secret
	return string(b)
}

func backupCodes(w http.ResponseWriter) {
	codes := make([]string, 10)
	for i := range codes {
		// ruleid: margo.go.math-rand-secret
		codes[i] = fmt.Sprintf("%05d", mrand.Intn(100000))
	}
	fmt.Fprint(w, strings.Join(codes, "\n"))
}

type inviter struct{}

func (s *inviter) newInviteCode() string {
	// ruleid: margo.go.math-rand-secret
	return strconv.Itoa(100000 + mrand.Intn(900000))
}

func avatarColor() int {
	// ok: margo.go.math-rand-secret
	return mrand.Intn(360)
}

func newSession(w http.ResponseWriter) time.Duration {
	// ruleid: margo.go.math-rand-secret
	sessionID := fmt.Sprintf("%016x", mrand.Int63())
	// ruleid: margo.go.math-rand-secret
	http.SetCookie(w, &http.Cookie{Name: "sid", Value: strconv.FormatInt(mrand.Int63(), 36)})
	// ok: margo.go.math-rand-secret
	jitter := time.Duration(mrand.Intn(500)) * time.Millisecond
	_ = sessionID
	return jitter
}

func newSigningKey() []byte {
	key := make([]byte, 32)
	mrand.Read(key)
	// ruleid: margo.go.math-rand-secret
	return key
}

func secureToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	// ok: margo.go.math-rand-secret
	return hex.EncodeToString(b), nil
}

func pickServer(servers []string) string {
	// A random choice that nobody must guess is not a secret.
	// ok: margo.go.math-rand-secret
	return servers[mrand.Intn(len(servers))]
}

func shuffleDeck(cards []int) {
	// ok: margo.go.math-rand-secret
	mrand.Shuffle(len(cards), func(i, j int) { cards[i], cards[j] = cards[j], cards[i] })
	// ok: margo.go.math-rand-secret
	retryToken := "attempt"
	_ = retryToken
}
