package kbtest

import (
	"crypto/rand"
	"encoding/hex"
	"net/http/httptest"
	"testing"

	"github.com/atender/atender/internal/facts"
)

// NewToken returns a fresh random key for env ("test" → sa_test_…, "live" → sa_live_…). Tests never carry a
// key as a literal, so a fixture can never leak one and output checks can look for the exact value.
func NewToken(env string) string {
	b := make([]byte, 20)
	rand.Read(b)
	return "sa_" + env + "_" + hex.EncodeToString(b)
}

// Harness is an emulator on a loopback httptest server with a write key and a read-only key.
type Harness struct {
	*Server
	HTTP     *httptest.Server
	URL      string // base URL of the KB API
	WriteKey string
	ReadKey  string
}

// Start serves an emulator on loopback for the duration of tb.
func Start(tb testing.TB, o Options) *Harness {
	tb.Helper()
	s := MustNew(o)
	ts := httptest.NewServer(s)
	tb.Cleanup(ts.Close)
	h := &Harness{Server: s, HTTP: ts, URL: ts.URL + facts.BasePath, WriteKey: NewToken(s.opts.Env), ReadKey: NewToken(s.opts.Env)}
	s.AddKey(Key{Token: h.WriteKey, Env: s.opts.Env, Scopes: []string{facts.ScopeRead, facts.ScopeWrite}})
	s.AddKey(Key{Token: h.ReadKey, Env: s.opts.Env, Scopes: []string{facts.ScopeRead}})
	return h
}
