package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/atender/atender/internal/facts"
)

// ServeHTTP answers one request: auth, rate limit, scope, faults, then the route.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	reqID := s.nextRequestID()
	w.Header().Set("X-Request-Id", reqID)
	if r.URL.Path == "/" || r.URL.Path == "" {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintf(w, "Atender KB API emulator (atender). The API is at %s.\n", facts.BasePath)
		return
	}
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(io.LimitReader(r.Body, 16<<20))
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	_, route := s.mux.Handler(r)
	route = strings.Replace(route, facts.BasePath, "", 1)
	entry := LogEntry{Time: s.opts.Now(), Method: r.Method, Path: strings.TrimPrefix(r.URL.RequestURI(), facts.BasePath), Route: route, RequestID: reqID}
	if r.Method != http.MethodGet {
		entry.Body = string(body)
	}
	rec := &recorder{header: w.Header(), code: 0}
	s.mu.Lock()
	latency := s.opts.Latency
	s.mu.Unlock()
	if latency > 0 {
		time.Sleep(latency)
	}
	lost, slow := s.serve(rec, r, reqID, &entry)
	if slow {
		s.mu.Lock()
		d := s.opts.SlowDelay
		s.mu.Unlock()
		time.Sleep(d)
	}
	if lost {
		entry.Lost, entry.Status = true, 0
		s.appendLog(entry)
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
				return
			}
		}
		panic(http.ErrAbortHandler) // aborts the reply without writing it
	}
	if rec.code == 0 {
		rec.code = http.StatusOK
	}
	entry.Status = rec.code
	s.appendLog(entry)
	w.WriteHeader(rec.code)
	w.Write(rec.buf.Bytes())
}

func (s *Server) appendLog(e LogEntry) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log = append(s.log, e)
}

// serve runs the middleware chain into rec. It reports whether the reply must be dropped or delayed.
func (s *Server) serve(w *recorder, r *http.Request, reqID string, entry *LogEntry) (lost, slow bool) {
	if !strings.HasPrefix(r.URL.Path, facts.BasePath+"/") {
		writeErr(w, reqID, http.StatusNotFound, "not_found", "no such endpoint; the KB API is under "+facts.BasePath)
		return false, false
	}
	auth := r.Header.Get("Authorization")
	token, ok := strings.CutPrefix(auth, "Bearer ")
	if !ok || strings.TrimSpace(token) == "" {
		writeErr(w, reqID, http.StatusUnauthorized, "missing_api_key", "missing API key: send Authorization: Bearer <key>")
		return false, false
	}
	s.mu.Lock()
	key := s.keys[token]
	if key == nil || key.Revoked {
		s.mu.Unlock()
		writeErr(w, reqID, http.StatusUnauthorized, "invalid_api_key", "invalid API key")
		return false, false
	}
	if key.Env != s.opts.Env {
		s.mu.Unlock()
		writeErr(w, reqID, http.StatusUnauthorized, "invalid_api_key", "API key is not valid for this environment")
		return false, false
	}
	if !s.admit(w, key) {
		s.mu.Unlock()
		return false, false
	}
	faultRate, lostRate, slowRate := s.opts.FaultRate, s.opts.LostReplyRate, s.opts.SlowRate
	s.mu.Unlock()

	// Scopes are checked before the endpoint runs (stated), so a PATCH to an id that cannot exist tells a
	// read-only key (403) from a write key (404) without changing anything.
	need := facts.ScopeRead
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		need = facts.ScopeWrite
	}
	if !key.has(need) {
		writeErr(w, reqID, http.StatusForbidden, "insufficient_scope", "this API key lacks the "+need+" scope")
		return false, false
	}
	s.mu.Lock()
	fault := s.chance(faultRate)
	if s.failNext > 0 {
		s.failNext--
		fault = true
	}
	write := need == facts.ScopeWrite
	lost = write && !fault && s.chance(lostRate)
	slow = !fault && s.chance(slowRate)
	s.mu.Unlock()
	if fault {
		entry.Fault = true
		writeErr(w, reqID, http.StatusServiceUnavailable, "unavailable", "injected fault: service temporarily unavailable")
		return false, false
	}
	s.mux.ServeHTTP(w, r)
	if lost && (w.code < 200 || w.code >= 300) {
		lost = false // only a write that was applied loses its reply
	}
	return lost, slow
}

// recorder buffers a reply so that a lost or delayed reply can be decided after the work is done.
type recorder struct {
	header http.Header
	code   int
	buf    bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }
func (r *recorder) Write(b []byte) (int, error) {
	if r.code == 0 {
		r.code = http.StatusOK
	}
	return r.buf.Write(b)
}
func (r *recorder) WriteHeader(code int) {
	if r.code == 0 {
		r.code = code
	}
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

func writeErr(w http.ResponseWriter, reqID string, code int, errCode, msg string) {
	writeJSON(w, code, map[string]any{"error": map[string]string{"code": errCode, "message": msg, "requestId": reqID}})
}
