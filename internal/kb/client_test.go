package kb_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/atender/atender/internal/facts"
	"github.com/atender/atender/internal/kb"
	"github.com/atender/atender/internal/kb/kbtest"
)

func newClient(h *kbtest.Harness, key string, mod ...func(*kb.Options)) *kb.Client {
	o := kb.Options{BaseURL: h.URL, APIKey: key, BackoffBase: time.Millisecond, MaxRetryAfter: 20 * time.Millisecond, Timeout: 5 * time.Second}
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
	h := kbtest.Start(t, kbtest.Options{})
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
	h := kbtest.Start(t, kbtest.Options{})
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
	h := kbtest.Start(t, kbtest.Options{})
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
	h := kbtest.Start(t, kbtest.Options{})
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
	h := kbtest.Start(t, kbtest.Options{})
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
	h := kbtest.Start(t, kbtest.Options{})
	c := newClient(h, h.WriteKey, func(o *kb.Options) { o.Max429Retries = 2 })
	h.Storm429(100, 1)
	_, err := c.ListTags(context.Background())
	var ae *kb.APIError
	if !errors.As(err, &ae) || ae.Status != 429 || ae.RetryAfter != 1 {
		t.Fatalf("want a 429 APIError with Retry-After 1, got %v", err)
	}
}

func TestRetryAfterWaitIsCancellable(t *testing.T) {
	h := kbtest.Start(t, kbtest.Options{})
	c := newClient(h, h.WriteKey, func(o *kb.Options) { o.MaxRetryAfter = time.Hour })
	h.Storm429(1, 3600)
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	if _, err := c.ListTags(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("want context.Canceled while waiting out Retry-After, got %v", err)
	}
}

// sendTimes records when each request leaves the client.
type sendTimes struct {
	mu sync.Mutex
	at []time.Time
}

func (s *sendTimes) RoundTrip(r *http.Request) (*http.Response, error) {
	s.mu.Lock()
	s.at = append(s.at, time.Now())
	s.mu.Unlock()
	return http.DefaultTransport.RoundTrip(r)
}

// maxInWindow is the most requests sent within any span of length w.
func (s *sendTimes) maxInWindow(w time.Duration) int {
	best, j := 0, 0
	for i := range s.at {
		for s.at[i].Sub(s.at[j]) >= w {
			j++
		}
		best = max(best, i-j+1)
	}
	return best
}

// The limiter must keep a burst of 200 calls inside the configured rate. Judged where the limiter acts,
// by the client's own send times: no sliding one-second window may hold more than the 120 the server
// announces, and the emulator, enforcing that window on arrival times, must not answer 429. Both allow 5
// requests of slack, because a goroutine scheduled late on a loaded 2-core machine sends later than its
// token (without the limiter, 200 calls from 16 workers put ~200 in one second and draw ~80 429s). The
// window is one second so that the test takes about two.
func TestLimiterKeepsBurstInsideRate(t *testing.T) {
	tier := facts.Tier{Name: "custom", PerMinute: 100, Burst: 20}
	h := kbtest.Start(t, kbtest.Options{Tier: tier, Window: time.Second})
	sent := &sendTimes{}
	c := newClient(h, h.ReadKey, func(o *kb.Options) {
		o.Rate = kb.RateConfig{Window: time.Second}
		o.Max429Retries = 100
		o.HTTPClient = &http.Client{Transport: sent, Timeout: 5 * time.Second}
	})
	var wg sync.WaitGroup
	errs := make(chan error, 200)
	jobs := make(chan int)
	for w := 0; w < 16; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range jobs {
				if _, err := c.ListTags(context.Background()); err != nil {
					errs <- err
				}
			}
		}()
	}
	for i := 0; i < 200; i++ {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	n429 := 0
	for _, e := range h.Log() {
		if e.Status == 429 {
			n429++
		}
	}
	if n := sent.maxInWindow(time.Second); n > 125 {
		t.Fatalf("%d requests left the client within one second; the server allows 120", n)
	}
	if n429 > 5 {
		t.Fatalf("the emulator answered 429 %d times; the limiter let a burst exceed the rate", n429)
	}
	if n := h.Counts()["GET /tags"]; n != 200 {
		t.Fatalf("GET /tags = %d, want 200", n)
	}
	if per, burst := c.Limiter().Rate(); int(per)+burst > 120 {
		t.Fatalf("learned rate %v + burst %d exceeds the announced 120 per window", per, burst)
	}
}

func TestLimiterFollowsAnnouncedLimitAndCap(t *testing.T) {
	h := kbtest.Start(t, kbtest.Options{Tier: facts.Tiers["professional"]})
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
	h := kbtest.Start(t, kbtest.Options{})
	c := newClient(h, h.WriteKey)
	cat := seedCategory(t, c)
	snap := h.Snapshot()
	for i := 0; i < 250; i++ {
		st := facts.StatusPublished
		if i%50 == 0 {
			st = facts.StatusArchived
		}
		snap.Articles = append(snap.Articles, kb.Article{ID: fmt.Sprintf("art_seed%03d", i), Title: "T", Slug: fmt.Sprintf("t-%d", i), CategoryID: cat.ID, Status: st})
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
	h := kbtest.Start(t, kbtest.Options{})
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
	h := kbtest.Start(t, kbtest.Options{})
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
	h := kbtest.Start(t, kbtest.Options{})
	c := newClient(h, h.WriteKey, func(o *kb.Options) { o.Timeout = 100 * time.Millisecond })
	cat := seedCategory(t, c)
	slow := kbtest.MustNew(kbtest.Options{SlowRate: 1, SlowDelay: 400 * time.Millisecond})
	slow.Seed(h.Snapshot())
	ts := httptest.NewServer(slow)
	defer ts.Close()
	sc := kb.NewClient(kb.Options{BaseURL: ts.URL + facts.BasePath, APIKey: h.WriteKey, Timeout: 100 * time.Millisecond})
	_, err := sc.CreateArticle(context.Background(), kb.ArticleCreate{Title: "Slow", Content: "x", CategoryID: cat.ID})
	if !kb.IsOutcomeUnknown(err) {
		t.Fatalf("want outcome unknown after a timeout, got %v", err)
	}
	time.Sleep(500 * time.Millisecond)
	if n := slow.Counts()["POST /articles"]; n != 1 || len(slow.Articles()) != 1 {
		t.Fatalf("POST sent %d times, %d articles; want 1 and 1", n, len(slow.Articles()))
	}
}

// A server that serves smaller pages than asked, but says hasMore, is paged to the end; one that sends a
// bare array or a {"data": {...}} envelope is understood too.
func TestListEnvelopes(t *testing.T) {
	const total = 120
	mux := http.NewServeMux()
	mux.HandleFunc("/kb/tags", func(w http.ResponseWriter, r *http.Request) {
		page := 1
		fmt.Sscan(r.URL.Query().Get("page"), &page)
		var items []string
		for i := (page-1)*50 + 1; i <= min(page*50, total); i++ {
			items = append(items, fmt.Sprintf(`{"id":"tag_%d","name":"t%d","slug":"t%d"}`, i, i, i))
		}
		fmt.Fprintf(w, `{"data":[%s],"page":%d,"limit":50,"hasMore":%v}`, strings.Join(items, ","), page, page*50 < total)
	})
	mux.HandleFunc("/kb/categories", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `[{"id":"cat_1","title":"A","slug":"a"},{"id":"cat_2","title":"B","slug":"b"}]`)
	})
	mux.HandleFunc("/kb/categories/cat_1", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"data":{"id":"cat_1","title":"A","slug":"a"}}`)
	})
	ts := httptest.NewServer(mux)
	defer ts.Close()
	c := kb.NewClient(kb.Options{BaseURL: ts.URL + "/kb", APIKey: "sa_test_x"})
	tags, err := c.ListTags(context.Background())
	if err != nil || len(tags) != total || tags[total-1].Slug != "t120" {
		t.Fatalf("paged list: %d tags, err %v", len(tags), err)
	}
	cats, err := c.ListCategories(context.Background())
	if err != nil || len(cats) != 2 {
		t.Fatalf("bare array: %v %v", cats, err)
	}
	cat, err := c.GetCategory(context.Background(), "cat_1")
	if err != nil || cat.Slug != "a" {
		t.Fatalf("data envelope: %+v %v", cat, err)
	}
}

// With a Graceful context, cancellation lets a request in flight finish (its reply is read) and stops
// requests that have not started, including one waiting for the rate limiter.
func TestGracefulCancellation(t *testing.T) {
	h := kbtest.Start(t, kbtest.Options{})
	c := newClient(h, h.WriteKey)
	cat := seedCategory(t, c)
	h.SetLatency(200 * time.Millisecond)
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	a, err := c.CreateArticle(kb.Graceful(ctx), kb.ArticleCreate{Title: "In flight", Content: "x", CategoryID: cat.ID})
	if err != nil || a.ID == "" {
		t.Fatalf("a request in flight must finish after cancellation: %v", err)
	}
	h.SetLatency(0)
	h.ResetLog()
	// A limiter with no tokens left: the call waits, is cancelled, and sends nothing.
	slow := kb.NewClient(kb.Options{BaseURL: h.URL, APIKey: h.WriteKey, Rate: kb.RateConfig{Cap: 1}})
	slow.ListTags(context.Background()) // spends the only token
	h.ResetLog()
	ctx2, cancel2 := context.WithCancel(context.Background())
	go func() { time.Sleep(50 * time.Millisecond); cancel2() }()
	if _, err := slow.CreateArticle(kb.Graceful(ctx2), kb.ArticleCreate{Title: "Never", Content: "x", CategoryID: cat.ID}); !errors.Is(err, context.Canceled) {
		t.Fatalf("want context.Canceled from the limiter wait, got %v", err)
	}
	if n := len(h.Log()); n != 0 {
		t.Fatalf("%d requests sent after cancellation", n)
	}
}

func TestPublishMarkReviewedSearchDelete(t *testing.T) {
	h := kbtest.Start(t, kbtest.Options{})
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
