package conformance_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/atender/atender/internal/emulator/emulatortest"
	"github.com/atender/atender/internal/facts"
	"github.com/atender/atender/internal/kb"
	"github.com/atender/atender/internal/kb/fakeclock"
)

// newClient returns a client on a fake clock: backoffs, Retry-After and pacing take no wall time.
func newClient(h *emulatortest.Harness, key string, mod ...func(*kb.Options)) *kb.Client {
	o := kb.Options{BaseURL: h.URL, APIKey: key, Timeout: 5 * time.Second, Clock: fakeclock.New()}
	for _, m := range mod {
		m(&o)
	}
	return kb.NewClient(o)
}

func seedCategory(t *testing.T, c *kb.Client) *kb.Category {
	t.Helper()
	cat, err := c.CreateCategory(context.Background(), kb.CategoryInput{Title: "Billing", Slug: "billing"})
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

func TestCreateIsNotReplayedAfterLostReply(t *testing.T) {
	h := emulatortest.Start(t, emulatortest.Options{})
	c := newClient(h, h.WriteKey)
	cat := seedCategory(t, c)
	h.SetFaults(0, 1) // every write is applied, then its reply is dropped
	h.ResetLog()

	_, err := c.CreateArticle(context.Background(), kb.ArticleCreate{Title: "Refunds", Slug: "refunds", Content: "x", CategoryID: cat.ID})
	if !kb.IsOutcomeUnknown(err) {
		t.Fatalf("want an outcome-unknown error after a lost reply, got %v", err)
	}
	if n := h.Counts()["POST /articles"]; n != 1 {
		t.Fatalf("POST /articles was sent %d times; a create must never be replayed", n)
	}
	arts := h.Articles()
	if len(arts) != 1 || arts[0].Slug != "refunds" {
		t.Fatalf("the emulator should hold exactly the one article that was applied, got %+v", arts)
	}
}

func TestCreateIsNotReplayedAfter5xx(t *testing.T) {
	h := emulatortest.Start(t, emulatortest.Options{})
	c := newClient(h, h.WriteKey)
	cat := seedCategory(t, c)
	h.FailNext(1)
	h.ResetLog()
	_, err := c.CreateArticle(context.Background(), kb.ArticleCreate{Title: "Refunds", Content: "x", CategoryID: cat.ID})
	var ou *kb.OutcomeUnknownError
	if !errors.As(err, &ou) || kb.StatusOf(err) != http.StatusServiceUnavailable {
		t.Fatalf("want outcome unknown wrapping a 503, got %v", err)
	}
	if n := h.Counts()["POST /articles"]; n != 1 {
		t.Fatalf("POST /articles was sent %d times after a 503, want 1", n)
	}
}

func TestPatchIsRetriedAfter5xx(t *testing.T) {
	h := emulatortest.Start(t, emulatortest.Options{})
	c := newClient(h, h.WriteKey)
	cat := seedCategory(t, c)
	a, err := c.CreateArticle(context.Background(), kb.ArticleCreate{Title: "Refunds", Content: "x", CategoryID: cat.ID})
	if err != nil {
		t.Fatal(err)
	}
	h.FailNext(2)
	h.ResetLog()
	got, err := c.UpdateArticle(context.Background(), a.ID, kb.ArticlePatch{Summary: kb.Ptr("new")})
	if err != nil {
		t.Fatalf("PATCH should succeed after two 503s: %v", err)
	}
	if got.Summary != "new" {
		t.Fatalf("summary = %q", got.Summary)
	}
	if n := h.Counts()["PATCH /articles/{id}"]; n != 3 {
		t.Fatalf("PATCH sent %d times, want 3 (two 503s, then success)", n)
	}
}

func TestRetriesGiveUpWithAPIError(t *testing.T) {
	h := emulatortest.Start(t, emulatortest.Options{})
	c := newClient(h, h.WriteKey, func(o *kb.Options) { o.MaxRetries = 2 })
	h.FailNext(10)
	_, err := c.ListCategories(context.Background())
	if kb.StatusOf(err) != 503 || kb.RequestIDOf(err) == "" {
		t.Fatalf("want a 503 APIError with a request id, got %v", err)
	}
	if n := h.Counts()["GET /categories"]; n != 3 {
		t.Fatalf("GET sent %d times, want 1 + 2 retries", n)
	}
}

func Test429IsWaitedOutOnEveryMethod(t *testing.T) {
	h := emulatortest.Start(t, emulatortest.Options{})
	c := newClient(h, h.WriteKey)
	h.Storm429(2, 1)
	h.ResetLog()
	cat, err := c.CreateCategory(context.Background(), kb.CategoryInput{Title: "Billing"})
	if err != nil {
		t.Fatalf("create after two 429s: %v", err)
	}
	h.Storm429(3, 1)
	if _, err := c.CreateArticle(context.Background(), kb.ArticleCreate{Title: "A", Content: "x", CategoryID: cat.ID}); err != nil {
		t.Fatalf("a POST may wait out a 429 (nothing was applied): %v", err)
	}
	counts := h.Counts()
	if counts["POST /categories"] != 3 || counts["POST /articles"] != 4 {
		t.Fatalf("counts = %v; want 3 category POSTs and 4 article POSTs", counts)
	}
	if len(h.Articles()) != 1 {
		t.Fatalf("want exactly one article, got %d", len(h.Articles()))
	}
}

func Test429GivesUpAfterLimit(t *testing.T) {
	h := emulatortest.Start(t, emulatortest.Options{})
	c := newClient(h, h.WriteKey, func(o *kb.Options) { o.Max429Retries = 2 })
	h.Storm429(100, 1)
	_, err := c.ListTags(context.Background())
	var ae *kb.APIError
	if !errors.As(err, &ae) || ae.Status != 429 || ae.RetryAfter != 1 {
		t.Fatalf("want a 429 APIError with Retry-After 1, got %v", err)
	}
}

func TestRetryAfterWaitIsCancellable(t *testing.T) {
	h := emulatortest.Start(t, emulatortest.Options{})
	clk := fakeclock.New()
	clk.Block = true
	c := newClient(h, h.WriteKey, func(o *kb.Options) { o.MaxRetryAfter = time.Hour; o.Clock = clk })
	h.Storm429(1, 3600)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		if d := <-clk.Sleeping; d != time.Hour {
			t.Errorf("waiting %s, want the Retry-After of an hour", d)
		}
		cancel()
	}()
	if _, err := c.ListTags(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("want context.Canceled while waiting out Retry-After, got %v", err)
	}
	if n := h.Counts()["GET /tags"]; n != 1 {
		t.Fatalf("GET /tags sent %d times; nothing may be sent after cancellation", n)
	}
}

func TestLimiterFollowsAnnouncedLimitAndCap(t *testing.T) {
	h := emulatortest.Start(t, emulatortest.Options{Tier: facts.Tiers["professional"]})
	c := newClient(h, h.ReadKey)
	if per, burst := c.Limiter().Rate(); per != 60 || burst != 10 {
		t.Fatalf("before any reply: %v/min burst %d, want the starter tier 60 + 10", per, burst)
	}
	if _, err := c.ListTags(context.Background()); err != nil {
		t.Fatal(err)
	}
	if per, burst := c.Limiter().Rate(); per != 295 || burst != 50 {
		t.Fatalf("after learning 350: %v/min burst %d, want 295 + 50 (300 + 50 less a 1.5%% margin)", per, burst)
	}
	capped := newClient(h, h.ReadKey, func(o *kb.Options) { o.Rate = kb.RateConfig{Cap: 30} })
	if _, err := capped.ListTags(context.Background()); err != nil {
		t.Fatal(err)
	}
	if per, _ := capped.Limiter().Rate(); per != 30 {
		t.Fatalf("an explicit --rate-limit 30 must cap the learned rate, got %v", per)
	}
}

func TestListPagesEverythingWithLargestPage(t *testing.T) {
	h := emulatortest.Start(t, emulatortest.Options{})
	c := newClient(h, h.WriteKey)
	cat := seedCategory(t, c)
	snap := h.Snapshot()
	for i := 0; i < 250; i++ {
		st := facts.StatusPublished
		if i%50 == 0 {
			st = facts.StatusArchived
		}
		snap.Articles = append(snap.Articles, emulatortest.Article{ID: fmt.Sprintf("art_seed%03d", i), Title: "T", Slug: fmt.Sprintf("t-%d", i), CategoryID: cat.ID, Status: st})
	}
	h.Seed(snap)
	h.ResetLog()
	all, err := c.ListArticles(context.Background(), kb.ListArticlesOptions{IncludeArchived: true})
	if err != nil || len(all) != 250 {
		t.Fatalf("got %d articles, err %v; want 250", len(all), err)
	}
	if n := h.Counts()["GET /articles"]; n != 3 {
		t.Fatalf("listing 250 took %d requests, want 3 pages of 100", n)
	}
	for _, e := range h.Log() {
		if !strings.Contains(e.Path, "limit=100") {
			t.Fatalf("list request %s does not ask for the largest page", e.Path)
		}
	}
	visible, _ := c.ListArticles(context.Background(), kb.ListArticlesOptions{})
	if len(visible) != 245 {
		t.Fatalf("without includeArchived: %d articles, want 245", len(visible))
	}
}

func TestDebugTraceRedactsKey(t *testing.T) {
	h := emulatortest.Start(t, emulatortest.Options{})
	var buf strings.Builder
	c := newClient(h, h.WriteKey, func(o *kb.Options) { o.Debug = &buf })
	h.FailNext(1)
	if _, err := c.ListCategories(context.Background()); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.Contains(out, "GET ") || !strings.Contains(out, "request-id=req_") || !strings.Contains(out, "retrying") {
		t.Fatalf("trace lacks method, request id or retry decision:\n%s", out)
	}
	if strings.Contains(out, h.WriteKey) || strings.Contains(out, "Bearer") {
		t.Fatalf("trace shows the key:\n%s", out)
	}
}

func TestAPIErrorCarriesCodeMessageAndRequestID(t *testing.T) {
	h := emulatortest.Start(t, emulatortest.Options{})
	c := newClient(h, h.ReadKey)
	_, err := c.CreateTag(context.Background(), kb.TagInput{Name: "x"})
	var ae *kb.APIError
	if !errors.As(err, &ae) || ae.Status != 403 || ae.Code != "insufficient_scope" || !strings.Contains(ae.Message, "knowledge:write") || ae.RequestID == "" {
		t.Fatalf("got %#v", err)
	}
}

// A reply slower than the client's timeout is a lost reply: a create is not replayed, and the emulator
// holds the article it applied.
func TestSlowReplyToCreateIsOutcomeUnknown(t *testing.T) {
	h := emulatortest.Start(t, emulatortest.Options{})
	c := newClient(h, h.WriteKey, func(o *kb.Options) { o.Timeout = 100 * time.Millisecond })
	cat := seedCategory(t, c)
	slow := emulatortest.MustNew(emulatortest.Options{SlowRate: 1, SlowDelay: 400 * time.Millisecond})
	slow.Seed(h.Snapshot())
	ts := httptest.NewServer(slow)
	sc := kb.NewClient(kb.Options{BaseURL: ts.URL + facts.BasePath, APIKey: h.WriteKey, Timeout: 100 * time.Millisecond})
	_, err := sc.CreateArticle(context.Background(), kb.ArticleCreate{Title: "Slow", Content: "x", CategoryID: cat.ID})
	if !kb.IsOutcomeUnknown(err) {
		t.Fatalf("want outcome unknown after a timeout, got %v", err)
	}
	ts.Close() // waits for the slow handler to finish
	if n := slow.Counts()["POST /articles"]; n != 1 || len(slow.Articles()) != 1 {
		t.Fatalf("POST sent %d times, %d articles; want 1 and 1", n, len(slow.Articles()))
	}
}

// With a Graceful context, cancellation lets a request in flight finish (its reply is read) and stops
// requests that have not started, including one waiting for the rate limiter.
func TestGracefulCancellation(t *testing.T) {
	arrived, release := make(chan struct{}), make(chan struct{})
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(arrived)
		<-release
		w.WriteHeader(http.StatusCreated)
		fmt.Fprint(w, `{"id":"art_1","slug":"in-flight","title":"In flight"}`)
	}))
	defer ts.Close()
	c := kb.NewClient(kb.Options{BaseURL: ts.URL, APIKey: "sa_test_graceful", Clock: fakeclock.New()})
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-arrived; cancel(); close(release) }()
	a, err := c.CreateArticle(kb.Graceful(ctx), kb.ArticleCreate{Title: "In flight", Content: "x", CategoryID: "cat_1"})
	if err != nil || a.ID != "art_1" {
		t.Fatalf("a request in flight must finish after cancellation: %+v %v", a, err)
	}

	// A limiter with no tokens left: the call waits, is cancelled, and sends nothing.
	h := emulatortest.Start(t, emulatortest.Options{})
	clk := fakeclock.New()
	slow := kb.NewClient(kb.Options{BaseURL: h.URL, APIKey: h.WriteKey, Rate: kb.RateConfig{Cap: 1}, Clock: clk})
	if _, err := slow.ListTags(context.Background()); err != nil { // spends the only token
		t.Fatal(err)
	}
	clk.Block = true
	h.ResetLog()
	ctx2, cancel2 := context.WithCancel(context.Background())
	go func() { <-clk.Sleeping; cancel2() }()
	if _, err := slow.CreateArticle(kb.Graceful(ctx2), kb.ArticleCreate{Title: "Never", Content: "x", CategoryID: "cat_1"}); !errors.Is(err, context.Canceled) {
		t.Fatalf("want context.Canceled from the limiter wait, got %v", err)
	}
	if n := len(h.Log()); n != 0 {
		t.Fatalf("%d requests sent after cancellation", n)
	}
}

func TestPublishMarkReviewedSearchDelete(t *testing.T) {
	h := emulatortest.Start(t, emulatortest.Options{})
	c := newClient(h, h.WriteKey)
	ctx := context.Background()
	cat := seedCategory(t, c)
	a, err := c.CreateArticle(ctx, kb.ArticleCreate{Title: "Refund policy", Content: "Refunds within 14 days.", CategoryID: cat.ID, Keywords: []string{"refund"}})
	if err != nil || a.Status != facts.StatusDraft {
		t.Fatalf("create: %+v %v", a, err)
	}
	if hits, _ := c.Search(ctx, "refund", 5); len(hits) != 0 {
		t.Fatalf("a draft must not be searchable: %v", hits)
	}
	p, err := c.PublishArticle(ctx, a.ID)
	if err != nil || p.Status != facts.StatusPublished || p.PublishedAt == nil {
		t.Fatalf("publish: %+v %v", p, err)
	}
	r, err := c.MarkReviewed(ctx, a.ID)
	if err != nil || r.LastReviewedAt == nil || r.Status != facts.StatusPublished {
		t.Fatalf("mark-reviewed: %+v %v", r, err)
	}
	hits, err := c.Search(ctx, "refund", 5)
	if err != nil || len(hits) != 1 || hits[0].ID != a.ID || hits[0].Score <= 0 {
		t.Fatalf("search: %+v %v", hits, err)
	}
	if err := c.DeleteArticle(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetArticle(ctx, a.ID); kb.StatusOf(err) != http.StatusNotFound {
		t.Fatalf("get after delete: %v", err)
	}
}
