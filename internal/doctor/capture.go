package doctor

import (
	"bytes"
	"crypto/tls"
	"encoding/json"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/atender/atender/internal/escape"
	"github.com/atender/atender/internal/facts"
	"github.com/atender/atender/internal/kb"
)

// Exchange is one request and its reply as doctor saw them, the key masked everywhere. --capture writes
// one per line.
type Exchange struct {
	Time            time.Time         `json:"time"`
	Method          string            `json:"method"`
	URL             string            `json:"url"`
	RequestHeaders  map[string]string `json:"requestHeaders"`
	RequestBody     string            `json:"requestBody,omitempty"`
	Status          int               `json:"status,omitempty"`
	ResponseHeaders map[string]string `json:"responseHeaders,omitempty"`
	ResponseBody    string            `json:"responseBody,omitempty"`
	TLS             string            `json:"tls,omitempty"`
	DurationMs      int64             `json:"durationMs"`
	Error           string            `json:"error,omitempty"`
}

// maxCapturedBody bounds what one exchange keeps of a body; a KB page of two items is far below it.
const maxCapturedBody = 1 << 20

// Recorder is an http.RoundTripper that keeps every exchange (key and Authorization masked) and, when Sink
// is set, writes each as a JSON line to it. Doctor reads the raw replies from it: the client decodes, the
// recorder shows what was on the wire.
type Recorder struct {
	Next http.RoundTripper // default http.DefaultTransport
	Key  string            // masked wherever it appears
	Sink io.Writer         // --capture; nil for none

	mu  sync.Mutex
	all []Exchange
	err error // the first write error of Sink
}

// RoundTrip sends the request and records it.
func (r *Recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	next := r.Next
	if next == nil {
		next = http.DefaultTransport
	}
	ex := Exchange{Time: time.Now().UTC(), Method: req.Method, URL: r.mask(req.URL.String()), RequestHeaders: r.headers(req.Header)}
	if req.Body != nil && req.GetBody != nil {
		if b, err := req.GetBody(); err == nil {
			data, _ := io.ReadAll(io.LimitReader(b, maxCapturedBody))
			b.Close()
			ex.RequestBody = r.mask(string(data))
		}
	}
	start := time.Now()
	resp, err := next.RoundTrip(req)
	ex.DurationMs = time.Since(start).Milliseconds()
	if err != nil {
		ex.Error = r.mask(err.Error())
		r.add(ex)
		return nil, err
	}
	// Read the body here (bounded like the client's read), and hand the client the same bytes.
	data, readErr := io.ReadAll(io.LimitReader(resp.Body, 64<<20+1))
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(data))
	ex.Status, ex.ResponseHeaders = resp.StatusCode, r.headers(resp.Header)
	body := data
	if len(body) > maxCapturedBody {
		body = body[:maxCapturedBody]
	}
	ex.ResponseBody = r.mask(string(body))
	if readErr != nil {
		ex.Error = r.mask(readErr.Error())
	}
	if resp.TLS != nil {
		ex.TLS = tls.VersionName(resp.TLS.Version)
	}
	r.add(ex)
	return resp, nil
}

func (r *Recorder) add(ex Exchange) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.all = append(r.all, ex)
	if r.Sink != nil && r.err == nil {
		b, _ := json.Marshal(ex)
		_, r.err = r.Sink.Write(append(escape.JSON(b), '\n'))
	}
}

// Exchanges returns what was recorded so far.
func (r *Recorder) Exchanges() []Exchange {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Exchange(nil), r.all...)
}

// Last returns the last exchange, if any.
func (r *Recorder) Last() (Exchange, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.all) == 0 {
		return Exchange{}, false
	}
	return r.all[len(r.all)-1], true
}

// Err is the first error writing to Sink.
func (r *Recorder) Err() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.err
}

func (r *Recorder) mask(s string) string { return kb.Redact(s, r.Key) }

// headers flattens headers for the capture; Authorization (and anything holding the key) is masked.
func (r *Recorder) headers(h http.Header) map[string]string {
	out := make(map[string]string, len(h))
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := strings.Join(h[k], ", ")
		if strings.EqualFold(k, "Authorization") || strings.EqualFold(k, "Proxy-Authorization") {
			v = "Bearer " + facts.MaskKey(r.Key)
			if r.Key == "" {
				v = "(redacted)"
			}
		}
		out[k] = r.mask(v)
	}
	return out
}
