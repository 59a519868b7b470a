package emulator

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/atender/atender/internal/facts"
)

// ServeHTTP answers one request: auth, rate limit, scope, faults, then the route.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer s.enter()()
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
	// A request that followed one of our redirects (Shapes.Redirect) is answered as usual, and logged so.
	followed := false
	if p, ok := strings.CutPrefix(r.URL.Path, movedPrefix+facts.BasePath+"/"); ok {
		r.URL.Path, r.URL.RawPath, followed = facts.BasePath+"/"+p, "", true
	}
	_, route := s.mux.Handler(r)
	route = strings.Replace(route, facts.BasePath, "", 1)
	entry := LogEntry{Time: s.opts.Now(), Method: r.Method, Path: strings.TrimPrefix(r.URL.RequestURI(), facts.BasePath), Route: route,
		RequestID: reqID, KBID: r.URL.Query().Get("kbId"), Followed: followed}
	if r.Method != http.MethodGet {
		entry.Body = string(body)
	}
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || strings.TrimSpace(token) == "" {
		token = ""
	}
	s.mu.Lock()
	latency := s.opts.Latency
	rec := &recorder{header: w.Header(), sh: s.opts.Shapes, token: token, req: r}
	s.mu.Unlock()
	if rec.sh.EchoKey && rec.token != "" {
		// Everywhere a client may repeat what the server said: a header, and the request id it quotes in errors.
		w.Header().Set("X-Echo-Authorization", "Bearer "+rec.token)
		reqID += "-" + rec.token
		w.Header().Set("X-Request-Id", reqID)
		entry.RequestID = reqID
	}
	if rec.sh.Redirect != 0 && !followed && strings.HasPrefix(r.URL.Path, facts.BasePath+"/") {
		// A hostile or misconfigured front: the client must follow nothing, least of all to http://.
		entry.Status = rec.sh.Redirect
		s.appendLog(entry)
		target := s.opts.RedirectTarget
		if target == "" {
			target = "http://" + r.Host
		}
		w.Header().Set("Location", target+movedPrefix+r.URL.RequestURI())
		w.WriteHeader(rec.sh.Redirect)
		return
	}
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
	e.Done = s.opts.Now()
	s.log = append(s.log, e)
	if s.logged != nil {
		close(s.logged)
		s.logged = nil
	}
}

// Logged returns a channel that is closed when the next request is logged (after its work is done), so a
// test can wait for a state of the store without polling: take the channel, check, and wait on it.
func (s *Server) Logged() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.logged == nil {
		s.logged = make(chan struct{})
	}
	return s.logged
}

// serve runs the middleware chain into rec. It reports whether the reply must be dropped or delayed.
func (s *Server) serve(w *recorder, r *http.Request, reqID string, entry *LogEntry) (lost, slow bool) {
	if !strings.HasPrefix(r.URL.Path, facts.BasePath+"/") {
		writeErr(w, reqID, http.StatusNotFound, "not_found", "no such endpoint; the KB API is under "+facts.BasePath)
		return false, false
	}
	token := w.token
	if token == "" {
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
		msg := "API key is not valid for this environment"
		if w.sh.Plain401 {
			msg = "invalid API key"
		}
		writeErr(w, reqID, http.StatusUnauthorized, "invalid_api_key", msg)
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

// movedPrefix is where Shapes.Redirect sends API requests on the same host.
const movedPrefix = "/moved"

// enter counts a request in flight until the returned func is called, keeping the high-water mark.
func (s *Server) enter() func() {
	s.mu.Lock()
	s.inFlight++
	s.mostInFlight = max(s.mostInFlight, s.inFlight)
	s.mu.Unlock()
	return func() {
		s.mu.Lock()
		s.inFlight--
		s.mu.Unlock()
	}
}

// InFlight reports how many requests the emulator is answering now, and the most it answered at once since
// it started or since ResetLog (latency included: a client that runs requests in parallel shows here).
func (s *Server) InFlight() (now, most int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.inFlight, s.mostInFlight
}
