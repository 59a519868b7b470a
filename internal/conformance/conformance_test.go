package conformance_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/atender/atender/internal/emulator/emulatortest"
	"github.com/atender/atender/internal/facts"
	"github.com/atender/atender/internal/kb"
)

// target is an Atender KB API to check: the emulator, or a real tenant (build tag live).
type target struct {
	base     string
	writeKey string
	readKey  string // may be ""
}

// raw sends a hand-written JSON body, so that field names are checked independently of the client's types.
func raw(t *testing.T, tg target, key, method, path, body string) (int, http.Header, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, tg.base+path, rd)
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var m map[string]any
	if len(bytes.TrimSpace(b)) > 0 {
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s %s: reply is not a JSON object: %s", method, path, b)
		}
	}
	time.Sleep(tg.pause())
	return resp.StatusCode, resp.Header, m
}

func (tg target) pause() time.Duration {
	if strings.Contains(tg.base, "127.0.0.1") {
		return 0
	}
	return 1100 * time.Millisecond // stay under 60/min on a real starter tenant
}

func suffix() string {
	b := make([]byte, 4)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// runConformance checks the behaviours of ../shared/atender-kb-api.md that a sync tool depends on. It
// creates a category "atender-conformance" and articles with random slugs, and deletes the articles.
func runConformance(t *testing.T, tg target) {
	sfx := suffix()
	ctx := context.Background()
	c := kb.NewClient(kb.Options{BaseURL: tg.base, APIKey: tg.writeKey})

	t.Run("auth", func(t *testing.T) {
		st, h, m := raw(t, tg, "", "GET", "/categories", "")
		if st != 401 || h.Get("X-Request-Id") == "" {
			t.Fatalf("no key: %d, request id %q", st, h.Get("X-Request-Id"))
		}
		if e, _ := m["error"].(map[string]any); e == nil || e["code"] == "" || e["message"] == "" {
			t.Fatalf("error body shape: %v", m)
		}
		if st, _, _ := raw(t, tg, "sa_test_0000000000000000000000000000", "GET", "/categories", ""); st != 401 {
			t.Fatalf("unknown key: %d, want 401", st)
		}
		if tg.readKey != "" {
			st, _, m := raw(t, tg, tg.readKey, "PATCH", "/articles/art_does-not-exist", "{}")
			if st != 403 || !strings.Contains(m["error"].(map[string]any)["message"].(string), facts.ScopeWrite) {
				t.Fatalf("read-only PATCH: %d %v, want 403 naming knowledge:write", st, m)
			}
		}
		if st, _, _ := raw(t, tg, tg.writeKey, "PATCH", "/articles/art_does-not-exist", "{}"); st != 404 {
			t.Fatalf("write key PATCH to a missing id: %d, want 404", st)
		}
	})

	t.Run("headers and list envelope", func(t *testing.T) {
		st, h, m := raw(t, tg, tg.writeKey, "GET", "/categories?page=1&limit=100", "")
		if st != 200 {
			t.Fatalf("GET /categories: %d", st)
		}
		for _, k := range []string{"X-Request-Id", "X-RateLimit-Limit", "X-RateLimit-Remaining"} {
			if h.Get(k) == "" {
				t.Errorf("reply lacks %s", k)
			}
		}
		if _, ok := m["data"].([]any); !ok {
			t.Fatalf("list has no data array: %v", m)
		}
	})

	var catID string
	t.Run("categories upsert by slug", func(t *testing.T) {
		st1, _, c1 := raw(t, tg, tg.writeKey, "POST", "/categories", `{"title":"Atender conformance","slug":"atender-conformance"}`)
		st2, _, c2 := raw(t, tg, tg.writeKey, "POST", "/categories", `{"title":"Atender conformance","slug":"atender-conformance"}`)
		if (st1 != 201 && st1 != 200) || st2 != 200 || c1["id"] != c2["id"] {
			t.Fatalf("upsert: %d %v then %d %v; want the same category, 200 the second time", st1, c1["id"], st2, c2["id"])
		}
		catID = c1["id"].(string)
	})
	if catID == "" {
		t.FailNow()
	}

	var created []string
	defer func() {
		for _, id := range created {
			c.DeleteArticle(ctx, id)
		}
	}()
	post := func(t *testing.T, body string) map[string]any {
		st, _, m := raw(t, tg, tg.writeKey, "POST", "/articles", body)
		if st != 201 {
			t.Fatalf("POST /articles %s: %d %v", body, st, m)
		}
		created = append(created, m["id"].(string))
		return m
	}
	s := "conf-" + sfx

	t.Run("unknown keys are rejected", func(t *testing.T) {
		st, _, m := raw(t, tg, tg.writeKey, "POST", "/articles", `{"title":"x","content":"x","categoryId":"`+catID+`","colour":"red"}`)
		if st != 400 || !strings.Contains(m["error"].(map[string]any)["message"].(string), "colour") {
			t.Fatalf("unknown key: %d %v, want 400 naming colour", st, m)
		}
		st, _, _ = raw(t, tg, tg.writeKey, "POST", "/articles", `{"id":"art_x","title":"x","content":"x","categoryId":"`+catID+`"}`)
		if st != 400 {
			t.Fatalf("a read field (id) in a write body: %d, want 400", st)
		}
	})

	t.Run("POST never deduplicates slugs", func(t *testing.T) {
		a := post(t, `{"title":"Conformance","slug":"`+s+`","content":"one","categoryId":"`+catID+`"}`)
		b := post(t, `{"title":"Conformance","slug":"`+s+`","content":"two","categoryId":"`+catID+`"}`)
		if a["slug"] != s || b["slug"] != s+"-1" || a["status"] != "draft" {
			t.Fatalf("slugs %v, %v (status %v); want %s, %s-1 and default status draft", a["slug"], b["slug"], a["status"], s, s)
		}
	})

	t.Run("archived articles count for the suffix and hide from lists", func(t *testing.T) {
		a := post(t, `{"title":"Arch","slug":"`+s+`-arch","content":"x","categoryId":"`+catID+`","status":"archived"}`)
		b := post(t, `{"title":"Arch","slug":"`+s+`-arch","content":"x","categoryId":"`+catID+`"}`)
		if b["slug"] != s+"-arch-1" {
			t.Fatalf("slug after an archived twin: %v", b["slug"])
		}
		visible, _ := c.ListArticles(ctx, kb.ListArticlesOptions{CategoryID: catID})
		all, _ := c.ListArticles(ctx, kb.ListArticlesOptions{CategoryID: catID, IncludeArchived: true})
		has := func(list []kb.Article, id any) bool {
			for _, x := range list {
				if x.ID == id {
					return true
				}
			}
			return false
		}
		if has(visible, a["id"]) || !has(all, a["id"]) {
			t.Fatalf("archived article: in default list %v, in includeArchived list %v", has(visible, a["id"]), has(all, a["id"]))
		}
	})

	t.Run("a title change regenerates the slug unless slug is sent", func(t *testing.T) {
		a := post(t, `{"title":"Title one","slug":"`+s+`-t","content":"x","categoryId":"`+catID+`"}`)
		id := a["id"].(string)
		_, _, m := raw(t, tg, tg.writeKey, "PATCH", "/articles/"+id, `{"title":"Title two","slug":"`+s+`-t"}`)
		if m["slug"] != s+"-t" {
			t.Fatalf("with slug sent: %v", m["slug"])
		}
		_, _, m = raw(t, tg, tg.writeKey, "PATCH", "/articles/"+id, `{"title":"Title three"}`)
		if m["slug"] == s+"-t" {
			t.Fatalf("a title change without slug kept the slug %v; the hazard is gone?", m["slug"])
		}
	})

	t.Run("list fields replace", func(t *testing.T) {
		a := post(t, `{"title":"Kw","content":"x","categoryId":"`+catID+`","keywords":["a","b"]}`)
		_, _, m := raw(t, tg, tg.writeKey, "PATCH", "/articles/"+a["id"].(string), `{"keywords":["c"]}`)
		kw, _ := m["keywords"].([]any)
		if len(kw) != 1 || kw[0] != "c" {
			t.Fatalf("keywords after PATCH [c]: %v", m["keywords"])
		}
	})

	t.Run("pagination", func(t *testing.T) {
		_, _, m := raw(t, tg, tg.writeKey, "GET", "/articles?includeArchived=true&page=1&limit=1", "")
		if d, _ := m["data"].([]any); len(d) != 1 || m["hasMore"] != true {
			t.Fatalf("limit=1: %d items, hasMore %v", len(d), m["hasMore"])
		}
		_, _, m = raw(t, tg, tg.writeKey, "GET", "/articles?includeArchived=true&limit=1000", "")
		if d, _ := m["data"].([]any); len(d) > 100 {
			t.Fatalf("limit=1000 gave %d items; the max page is 100", len(d))
		}
	})
}

func TestConformanceEmulator(t *testing.T) {
	h := emulatortest.Start(t, emulatortest.Options{})
	runConformance(t, target{base: h.URL, writeKey: h.WriteKey, readKey: h.ReadKey})
}

// The emulator on a starter tier answers 429 with Retry-After once 70 requests fall in one window.
func TestEmulatorRateLimitHeaders(t *testing.T) {
	h := emulatortest.Start(t, emulatortest.Options{Tier: facts.Tiers["starter"]})
	tg := target{base: h.URL, writeKey: h.WriteKey}
	var last int
	var hdr http.Header
	for i := 0; i < 71; i++ {
		last, hdr, _ = raw(t, tg, h.WriteKey, "GET", "/tags", "")
		if i == 0 && (hdr.Get("X-RateLimit-Limit") != "70" || hdr.Get("X-RateLimit-Remaining") != "69") {
			t.Fatalf("first reply: limit %s remaining %s, want 70 and 69", hdr.Get("X-RateLimit-Limit"), hdr.Get("X-RateLimit-Remaining"))
		}
	}
	if last != 429 || hdr.Get("Retry-After") == "" || hdr.Get("X-RateLimit-Remaining") != "0" {
		t.Fatalf("71st request: %d Retry-After %q", last, hdr.Get("Retry-After"))
	}
}
