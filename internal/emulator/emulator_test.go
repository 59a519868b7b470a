package emulator

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/atender/atender/internal/facts"
)

func get(t *testing.T, url, key string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

func TestDailyCap(t *testing.T) {
	now := time.Date(2026, 11, 27, 23, 59, 0, 0, time.UTC)
	s := MustNew(Options{Tier: facts.Tier{Name: "tiny", PerMinute: 100, Burst: 0, Daily: 3}, Now: func() time.Time { return now }})
	ts := httptest.NewServer(s)
	defer ts.Close()
	key := NewToken("test")
	s.AddKey(Key{Token: key, Env: "test"})
	for i := 0; i < 3; i++ {
		if r := get(t, ts.URL+facts.BasePath+"/tags", key); r.StatusCode != 200 {
			t.Fatalf("request %d: %d", i, r.StatusCode)
		}
	}
	r := get(t, ts.URL+facts.BasePath+"/tags", key)
	if r.StatusCode != 429 || r.Header.Get("Retry-After") != "60" {
		t.Fatalf("4th request of the day: %d Retry-After %s, want 429 until midnight UTC (60 s)", r.StatusCode, r.Header.Get("Retry-After"))
	}
	now = now.Add(2 * time.Minute) // a new UTC day
	if r := get(t, ts.URL+facts.BasePath+"/tags", key); r.StatusCode != 200 {
		t.Fatalf("after midnight: %d", r.StatusCode)
	}
}

func TestPersistenceAndRootPage(t *testing.T) {
	data := filepath.Join(t.TempDir(), "kb.json")
	s := MustNew(Options{DataFile: data})
	ts := httptest.NewServer(s)
	key := NewToken("test")
	s.AddKey(Key{Token: key, Env: "test", Scopes: []string{facts.ScopeWrite}})
	req, _ := http.NewRequest("POST", ts.URL+facts.BasePath+"/categories", strings.NewReader(`{"title":"Billing"}`))
	req.Header.Set("Authorization", "Bearer "+key)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 201 {
		t.Fatalf("create: %v %v", resp, err)
	}
	root := get(t, ts.URL+"/", "")
	if root.StatusCode != 200 {
		t.Fatalf("GET /: %d", root.StatusCode)
	}
	ts.Close()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	again := MustNew(Options{DataFile: data})
	snap := again.Snapshot()
	if len(snap.Categories) != 1 || snap.Categories[0].Slug != "billing" || len(snap.Keys) != 1 || snap.Keys[0].Token != key {
		t.Fatalf("reloaded: %+v", snap)
	}
	// ids continue after the seeded ones
	ts2 := httptest.NewServer(again)
	defer ts2.Close()
	req, _ = http.NewRequest("POST", ts2.URL+facts.BasePath+"/categories", strings.NewReader(`{"title":"Account"}`))
	req.Header.Set("Authorization", "Bearer "+key)
	http.DefaultClient.Do(req)
	snap = again.Snapshot()
	if len(snap.Categories) != 2 || snap.Categories[0].ID == snap.Categories[1].ID {
		t.Fatalf("ids collide after reload: %+v", snap.Categories)
	}
}

// A revoked key answers 401 (stated: 401 covers missing, malformed, revoked and other-environment keys).
func TestRevokedAndOtherEnvironmentKeys(t *testing.T) {
	s := MustNew(Options{})
	ts := httptest.NewServer(s)
	defer ts.Close()
	key, live := NewToken("test"), NewToken("live")
	s.AddKey(Key{Token: key, Env: "test"})
	s.AddKey(Key{Token: live, Env: "live"})
	if r := get(t, ts.URL+facts.BasePath+"/categories", key); r.StatusCode != 200 {
		t.Fatalf("live key: %d", r.StatusCode)
	}
	s.RevokeKey(key)
	if r := get(t, ts.URL+facts.BasePath+"/categories", key); r.StatusCode != 401 || r.Header.Get("X-Request-Id") == "" {
		t.Fatalf("revoked key: %d", r.StatusCode)
	}
	if r := get(t, ts.URL+facts.BasePath+"/categories", live); r.StatusCode != 401 {
		t.Fatalf("a production key on a sandbox host: %d", r.StatusCode)
	}
	if r := get(t, ts.URL+facts.BasePath+"/categories", "sa_test_malformed"); r.StatusCode != 401 {
		t.Fatalf("unknown key: %d", r.StatusCode)
	}
}

// Writes mark the tenant dirty; the file is written once per PersistDelay, not once per write (a 1,000-file
// sync rewrote a growing file 1,000 times), and Close writes what is left.
func TestPersistenceIsDebouncedAndCloseFlushes(t *testing.T) {
	data := filepath.Join(t.TempDir(), "kb.json")
	s := MustNew(Options{DataFile: data, PersistDelay: time.Hour})
	ts := httptest.NewServer(s)
	defer ts.Close()
	key := NewToken("test")
	s.AddKey(Key{Token: key, Env: "test"})
	for i := range 50 {
		req, _ := http.NewRequest("POST", ts.URL+facts.BasePath+"/tags", strings.NewReader(fmt.Sprintf(`{"name":"t%d"}`, i)))
		req.Header.Set("Authorization", "Bearer "+key)
		if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 201 {
			t.Fatalf("create: %v %v", resp, err)
		}
	}
	if _, err := os.Stat(data); !os.IsNotExist(err) || s.persist.saves != 0 {
		t.Fatalf("50 writes within the delay wrote the file (%d saves, %v)", s.persist.saves, err)
	}
	if err := s.Flush(); err != nil || s.persist.saves != 1 {
		t.Fatalf("Flush: %v, %d saves", err, s.persist.saves)
	}
	if err := s.Flush(); err != nil || s.persist.saves != 1 {
		t.Fatalf("a Flush with nothing new must not write: %v, %d saves", err, s.persist.saves)
	}
	s.RevokeKey(key) // keys are part of the tenant too
	if err := s.Close(); err != nil || s.persist.saves != 2 {
		t.Fatalf("Close: %v, %d saves", err, s.persist.saves)
	}
	again := MustNew(Options{DataFile: data})
	if snap := again.Snapshot(); len(snap.Tags) != 50 || len(snap.Keys) != 1 || !snap.Keys[0].Revoked {
		t.Fatalf("reloaded %d tags, keys %+v", len(snap.Tags), snap.Keys)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("a second Close: %v", err)
	}
}

// The background writer writes on its own once the delay has passed: the test waits for the file, not for
// a duration.
func TestPersistenceWritesInTheBackground(t *testing.T) {
	data := filepath.Join(t.TempDir(), "kb.json")
	s := MustNew(Options{DataFile: data, PersistDelay: time.Millisecond})
	defer s.Close()
	s.SeedKB("", Snapshot{Tags: []Tag{{ID: "tag_1", Name: "a", Slug: "a"}}})
	for {
		s.persist.fileMu.Lock()
		saves := s.persist.saves
		s.persist.fileMu.Unlock()
		if saves > 0 {
			break
		}
		runtime.Gosched()
	}
	if again := MustNew(Options{DataFile: data}); len(again.Snapshot().Tags) != 1 {
		t.Fatal("the background write lost the tag")
	}
}

// The other knowledge bases (kbId) survive a restart with --data like the default one.
func TestPersistenceKeepsEveryKnowledgeBase(t *testing.T) {
	data := filepath.Join(t.TempDir(), "kb.json")
	s := MustNew(Options{DataFile: data})
	s.SeedKB("kb_2", Snapshot{Tags: []Tag{{ID: "tag_1", Name: "a", Slug: "a"}}})
	s.SeedKB("", Snapshot{Categories: []Category{{ID: "cat_1", Title: "B", Slug: "b"}}})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	again := MustNew(Options{DataFile: data})
	if def, other := again.SnapshotKB(""), again.SnapshotKB("kb_2"); len(def.Categories) != 1 || len(def.Tags) != 0 || len(other.Tags) != 1 {
		t.Fatalf("reloaded: default %+v, kb_2 %+v", def, other)
	}
}

// InFlight counts requests being answered and keeps the most at once; ResetLog restarts the count.
func TestInFlightHighWaterMark(t *testing.T) {
	s := MustNew(Options{})
	ts := httptest.NewServer(s)
	defer ts.Close()
	get(t, ts.URL+"/", "")
	if now, most := s.InFlight(); now != 0 || most != 1 {
		t.Fatalf("after one request: %d now, %d at most", now, most)
	}
	done1, done2 := s.enter(), s.enter()
	if now, most := s.InFlight(); now != 2 || most != 2 {
		t.Fatalf("two in flight: %d now, %d at most", now, most)
	}
	done1()
	s.ResetLog()
	if now, most := s.InFlight(); now != 1 || most != 1 {
		t.Fatalf("after ResetLog with one in flight: %d now, %d at most", now, most)
	}
	done2()
	if log := s.Log(); len(log) != 0 {
		t.Fatalf("log after ResetLog: %v", log)
	}
}
