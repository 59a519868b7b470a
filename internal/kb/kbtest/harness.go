// Package kbtest is the test harness of the KB API emulator (package emulator): Start serves one on loopback
// for the duration of a test, with a write key and a read-only key, and the emulator's request log, fault
// injection and state inspection at hand. The types are the emulator's own, under the names tests know.
package kbtest

import (
	"net/http/httptest"
	"testing"

	"github.com/atender/atender/internal/emulator"
	"github.com/atender/atender/internal/facts"
)

// The emulator's types and constructors, so that tests need only this package.
type (
	// Server is the emulator; see emulator.Server.
	Server = emulator.Server
	// Options configures an emulator; see emulator.Options.
	Options = emulator.Options
	// Key is an API key the emulator accepts.
	Key = emulator.Key
	// LogEntry is one logged request.
	LogEntry = emulator.LogEntry
	// Snapshot is a whole tenant, for Seed and inspection.
	Snapshot = emulator.Snapshot
	// Shapes switch replies to plausible differences of the real API, or to a hostile server.
	Shapes = emulator.Shapes
)

var (
	// New returns an emulator; see emulator.New.
	New = emulator.New
	// MustNew is New, panicking on error.
	MustNew = emulator.MustNew
	// NewToken returns a fresh random key for an environment ("test" or "live").
	NewToken = emulator.NewToken
	// ParseShapes reads shapes by their --shape names ("items,cap-limit=20").
	ParseShapes = emulator.ParseShapes
)

// How the emulator counts a tier's allowance (Options.Limiter).
const (
	LimiterWindow = emulator.LimiterWindow
	LimiterBucket = emulator.LimiterBucket
)

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
	env := s.Env()
	h := &Harness{Server: s, HTTP: ts, URL: ts.URL + facts.BasePath, WriteKey: NewToken(env), ReadKey: NewToken(env)}
	s.AddKey(Key{Token: h.WriteKey, Env: env, Scopes: []string{facts.ScopeRead, facts.ScopeWrite}})
	s.AddKey(Key{Token: h.ReadKey, Env: env, Scopes: []string{facts.ScopeRead}})
	return h
}
