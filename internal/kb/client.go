package kb

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// API is the part of the Atender KB API this tool uses. *Client implements it against HTTP; the sync engine
// and its tests depend only on this interface.
type API interface {
	ListCategories(ctx context.Context) ([]Category, error)
	GetCategory(ctx context.Context, id string) (*Category, error)
	CreateCategory(ctx context.Context, in CategoryInput) (*Category, error)
	UpdateCategory(ctx context.Context, id string, p CategoryPatch) (*Category, error)
	DeleteCategory(ctx context.Context, id string) error

	ListSubcategories(ctx context.Context, categoryID string) ([]Subcategory, error)
	CreateSubcategory(ctx context.Context, in SubcategoryInput) (*Subcategory, error)
	UpdateSubcategory(ctx context.Context, id string, p SubcategoryPatch) (*Subcategory, error)
	DeleteSubcategory(ctx context.Context, id string) error

	ListTags(ctx context.Context) ([]Tag, error)
	CreateTag(ctx context.Context, in TagInput) (*Tag, error)
	UpdateTag(ctx context.Context, id string, p TagPatch) (*Tag, error)
	DeleteTag(ctx context.Context, id string) error

	ListArticles(ctx context.Context, opts ListArticlesOptions) ([]Article, error)
	GetArticle(ctx context.Context, id string) (*Article, error)
	CreateArticle(ctx context.Context, in ArticleCreate) (*Article, error)
	UpdateArticle(ctx context.Context, id string, p ArticlePatch) (*Article, error)
	DeleteArticle(ctx context.Context, id string) error
	PublishArticle(ctx context.Context, id string) (*Article, error)
	MarkReviewed(ctx context.Context, id string) (*Article, error)

	Search(ctx context.Context, q string, limit int) ([]SearchResult, error)
}

var _ API = (*Client)(nil)

// MaxPageSize is the largest page the API serves (stated: limit ≤ 100).
const MaxPageSize = 100

// Options configures a Client.
type Options struct {
	BaseURL   string // e.g. https://prod.atender.dev/api/v1/kb
	APIKey    string
	UserAgent string
	// HTTPClient defaults to one with Timeout per attempt.
	HTTPClient *http.Client
	Timeout    time.Duration // per attempt; default 30 s
	Rate       RateConfig
	// Limiter, when set, is shared (Rate is then ignored).
	Limiter *Limiter
	// Debug, when set, receives a one-line trace of every request and retry decision. The Authorization
	// header is never written.
	Debug io.Writer
	// MaxRetries bounds retries of 5xx/network errors on idempotent calls (default 4).
	MaxRetries int
	// Max429Retries bounds how many 429s one call waits out (default 8).
	Max429Retries int
	// MaxRetryAfter caps one wait on Retry-After (default 60 s).
	MaxRetryAfter time.Duration
	// BackoffBase is the first 5xx backoff (default 500 ms), doubled each retry, with full jitter.
	BackoffBase time.Duration
}

// Client talks to one Atender KB base URL with one key.
type Client struct {
	base    string
	key     string
	ua      string
	hc      *http.Client
	limiter *Limiter
	opts    Options

	debugMu  sync.Mutex
	lastMu   sync.Mutex
	last     ResponseMeta
	requests atomic.Int64
}

// Requests counts the HTTP requests sent, retries included.
func (c *Client) Requests() int { return int(c.requests.Load()) }

// ResponseMeta describes the last reply the client saw.
type ResponseMeta struct {
	Status    int
	RequestID string
	Duration  time.Duration
	RateLimit RateLimitInfo
}

// RateLimitInfo holds the X-RateLimit-* headers of a reply; -1 where absent.
type RateLimitInfo struct {
	Limit     int `json:"limit"`
	Remaining int `json:"remaining"`
	Reset     int `json:"reset"`
}

// NewClient returns a client; it sends nothing until a method is called.
func NewClient(o Options) *Client {
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Second
	}
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{Timeout: o.Timeout}
	}
	if o.MaxRetries == 0 {
		o.MaxRetries = 4
	}
	if o.Max429Retries == 0 {
		o.Max429Retries = 8
	}
	if o.MaxRetryAfter <= 0 {
		o.MaxRetryAfter = 60 * time.Second
	}
	if o.BackoffBase <= 0 {
		o.BackoffBase = 500 * time.Millisecond
	}
	if o.UserAgent == "" {
		o.UserAgent = "atender/dev"
	}
	lim := o.Limiter
	if lim == nil {
		lim = NewLimiter(o.Rate)
		lim.SetMaxPause(o.MaxRetryAfter)
	}
	return &Client{base: strings.TrimRight(o.BaseURL, "/"), key: o.APIKey, ua: o.UserAgent, hc: o.HTTPClient, limiter: lim, opts: o}
}

// Limiter returns the client's rate limiter.
func (c *Client) Limiter() *Limiter { return c.limiter }

// LastResponse returns what the last completed request saw.
func (c *Client) LastResponse() ResponseMeta {
	c.lastMu.Lock()
	defer c.lastMu.Unlock()
	return c.last
}

type call struct {
	method string
	path   string
	query  url.Values
	body   any
	out    any
	// idempotent says the call may be replayed after a 5xx or a network error. Creates are not: a lost reply
	// may hide a created article, and a replay would make a -1 duplicate.
	idempotent bool
}

func (c *Client) debugf(format string, args ...any) {
	if c.opts.Debug == nil {
		return
	}
	c.debugMu.Lock()
	defer c.debugMu.Unlock()
	fmt.Fprintf(c.opts.Debug, "debug: "+format+"\n", args...)
}

type gracefulKey struct{}

// Graceful returns a context whose cancellation stops the client from starting requests (waits for the
// rate limiter, backoffs and Retry-After end at once) but never aborts a request already sent: its reply
// is still read. A write cut off mid-flight is the one state a rerun cannot see, so Ctrl-C uses this.
func Graceful(ctx context.Context) context.Context {
	return context.WithValue(ctx, gracefulKey{}, true)
}

func (c *Client) do(ctx context.Context, cl call) error {
	reqCtx := ctx
	if g, _ := ctx.Value(gracefulKey{}).(bool); g {
		reqCtx = context.WithoutCancel(ctx)
	}
	var payload []byte
	if cl.body != nil {
		var err error
		if payload, err = json.Marshal(cl.body); err != nil {
			return fmt.Errorf("encoding %s %s: %w", cl.method, cl.path, err)
		}
	}
	u := c.base + cl.path
	if len(cl.query) > 0 {
		u += "?" + cl.query.Encode()
	}
	retries, waits429 := 0, 0
	for attempt := 1; ; attempt++ {
		if err := c.limiter.Wait(ctx); err != nil {
			return err
		}
		if ctx.Err() != nil {
			return ctx.Err() // nothing new starts once cancelled
		}
		req, err := http.NewRequestWithContext(reqCtx, cl.method, u, bytes.NewReader(payload))
		if err != nil {
			return fmt.Errorf("building request: %w", err)
		}
		req.Header.Set("Authorization", "Bearer "+c.key)
		req.Header.Set("Accept", "application/json")
		req.Header.Set("User-Agent", c.ua)
		if payload != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		start := time.Now()
		c.requests.Add(1)
		resp, err := c.hc.Do(req)
		dur := time.Since(start)
		if err != nil {
			if reqCtx.Err() != nil {
				return reqCtx.Err()
			}
			c.debugf("%s %s -> network error after %s: %v", cl.method, u, dur.Round(time.Millisecond), err)
			if !cl.idempotent {
				c.debugf("not retrying %s %s: a create is never replayed", cl.method, cl.path)
				return &OutcomeUnknownError{Method: cl.method, Path: cl.path, Err: err}
			}
			if retries < min(c.opts.MaxRetries, networkRetries(err)) {
				retries++
				if err := c.backoff(ctx, cl, retries); err != nil {
					return err
				}
				continue
			}
			return fmt.Errorf("%s %s: %w", cl.method, cl.path, err)
		}
		body, readErr := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
		resp.Body.Close()
		meta := ResponseMeta{Status: resp.StatusCode, RequestID: resp.Header.Get("X-Request-Id"), Duration: dur, RateLimit: rateInfo(resp.Header)}
		c.lastMu.Lock()
		c.last = meta
		c.lastMu.Unlock()
		c.limiter.Observe(resp.Header)
		c.debugf("%s %s -> %d in %s request-id=%s ratelimit=%d/%d", cl.method, u, resp.StatusCode, dur.Round(time.Millisecond), meta.RequestID, meta.RateLimit.Remaining, meta.RateLimit.Limit)
		if readErr != nil {
			if !cl.idempotent {
				return &OutcomeUnknownError{Method: cl.method, Path: cl.path, Err: readErr}
			}
			if retries < c.opts.MaxRetries {
				retries++
				if err := c.backoff(ctx, cl, retries); err != nil {
					return err
				}
				continue
			}
			return fmt.Errorf("%s %s: reading reply: %w", cl.method, cl.path, readErr)
		}
		switch {
		case resp.StatusCode >= 200 && resp.StatusCode < 300:
			if cl.out == nil || len(bytes.TrimSpace(body)) == 0 {
				return nil
			}
			if err := decodeOne(body, cl.out); err != nil {
				return fmt.Errorf("%s %s: decoding reply (request %s): %w", cl.method, cl.path, meta.RequestID, err)
			}
			return nil
		case resp.StatusCode == http.StatusTooManyRequests:
			// A 429 means the request was not processed, so every method may wait it out, POST included.
			apiErr := parseError(cl, resp, body)
			if waits429 >= c.opts.Max429Retries {
				c.debugf("giving up after %d rate-limited attempts", waits429)
				return apiErr
			}
			waits429++
			wait := time.Duration(apiErr.RetryAfter) * time.Second
			if wait <= 0 {
				wait = time.Second
			}
			if wait > c.opts.MaxRetryAfter {
				wait = c.opts.MaxRetryAfter
			}
			c.debugf("rate limited: waiting %s (Retry-After) before attempt %d", wait, attempt+1)
			c.limiter.Pause(wait)
			continue
		case resp.StatusCode >= 500:
			apiErr := parseError(cl, resp, body)
			if !cl.idempotent {
				c.debugf("not retrying %s %s after %d: a create is never replayed", cl.method, cl.path, resp.StatusCode)
				return &OutcomeUnknownError{Method: cl.method, Path: cl.path, Err: apiErr}
			}
			if retries < c.opts.MaxRetries {
				retries++
				if err := c.backoff(ctx, cl, retries); err != nil {
					return err
				}
				continue
			}
			return apiErr
		default:
			return parseError(cl, resp, body)
		}
	}
}

func (c *Client) backoff(ctx context.Context, cl call, n int) error {
	d := c.opts.BackoffBase << (n - 1)
	if d > 10*time.Second {
		d = 10 * time.Second
	}
	// Full jitter spreads the retries of concurrent workers.
	d = d/2 + time.Duration(rand.Int64N(int64(d/2)+1))
	c.debugf("retrying %s %s in %s (retry %d of %d)", cl.method, cl.path, d.Round(time.Millisecond), n, c.opts.MaxRetries)
	return sleepCtx(ctx, d)
}

// networkRetries bounds retries by the kind of network error: a host that does not resolve will not
// resolve in a second, and a refused connection rarely comes back within the backoff, so neither is worth
// the full retry budget (which would keep a user waiting on a typo in the base URL).
func networkRetries(err error) int {
	var dnsErr *net.DNSError
	switch {
	case errors.As(err, &dnsErr) && dnsErr.IsNotFound:
		return 0
	case errors.Is(err, syscall.ECONNREFUSED):
		return 1
	}
	return math.MaxInt
}

func rateInfo(h http.Header) RateLimitInfo {
	get := func(k string) int {
		v, err := strconv.Atoi(h.Get(k))
		if err != nil {
			return -1
		}
		return v
	}
	return RateLimitInfo{Limit: get("X-RateLimit-Limit"), Remaining: get("X-RateLimit-Remaining"), Reset: get("X-RateLimit-Reset")}
}

func parseError(cl call, resp *http.Response, body []byte) *APIError {
	e := &APIError{Method: cl.method, Path: cl.path, Status: resp.StatusCode, RequestID: resp.Header.Get("X-Request-Id")}
	var env struct {
		Error struct {
			Code      string `json:"code"`
			Message   string `json:"message"`
			RequestID string `json:"requestId"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &env) == nil {
		e.Code, e.Message = env.Error.Code, env.Error.Message
		if e.RequestID == "" {
			e.RequestID = env.Error.RequestID
		}
	}
	if e.Message == "" {
		if s := strings.TrimSpace(string(body)); s != "" && len(s) < 200 && !strings.HasPrefix(s, "<") {
			e.Message = s
		}
	}
	if ra := resp.Header.Get("Retry-After"); ra != "" {
		if secs, err := strconv.Atoi(ra); err == nil {
			e.RetryAfter = secs
		} else if t, err := http.ParseTime(ra); err == nil {
			e.RetryAfter = max(1, int(time.Until(t).Seconds()+0.999))
		}
	}
	return e
}

// decodeOne accepts a bare object or {"data": {...}} (both seen in Atender material).
func decodeOne(body []byte, out any) error {
	var env struct {
		Data json.RawMessage `json:"data"`
	}
	if json.Unmarshal(body, &env) == nil && len(env.Data) > 0 && env.Data[0] == '{' {
		return json.Unmarshal(env.Data, out)
	}
	return json.Unmarshal(body, out)
}

// page is the list envelope (assumed): {"data": [...], "page", "limit", "total", "hasMore"}.
type page[T any] struct {
	Data    []T   `json:"data"`
	HasMore *bool `json:"hasMore"`
}

type rawList json.RawMessage

func (r *rawList) UnmarshalJSON(b []byte) error { *r = append((*r)[:0], b...); return nil }

// listAll fetches every page of a list with the largest page size. It stops on hasMore:false (or, when the
// server sends no hasMore, on a short page), and accepts a bare JSON array (no paging) as well.
func listAll[T any](ctx context.Context, c *Client, path string, q url.Values) ([]T, error) {
	if q == nil {
		q = url.Values{}
	}
	var all []T
	for p := 1; ; p++ {
		q.Set("page", strconv.Itoa(p))
		q.Set("limit", strconv.Itoa(MaxPageSize))
		var raw rawList
		if err := c.do(ctx, call{method: http.MethodGet, path: path, query: q, out: &raw, idempotent: true}); err != nil {
			return nil, err
		}
		trimmed := bytes.TrimSpace(raw)
		if len(trimmed) > 0 && trimmed[0] == '[' {
			var items []T
			if err := json.Unmarshal(trimmed, &items); err != nil {
				return nil, fmt.Errorf("GET %s: decoding list: %w", path, err)
			}
			return append(all, items...), nil
		}
		var pg page[T]
		if err := json.Unmarshal(trimmed, &pg); err != nil {
			return nil, fmt.Errorf("GET %s: decoding list: %w", path, err)
		}
		all = append(all, pg.Data...)
		// hasMore, when the server sends it, is the truth (a server may serve smaller pages than asked);
		// without it a short page is the last one. An empty page always ends the listing.
		switch {
		case len(pg.Data) == 0:
			return all, nil
		case pg.HasMore != nil:
			if !*pg.HasMore {
				return all, nil
			}
		case len(pg.Data) < MaxPageSize:
			return all, nil
		}
		if p > 100000 {
			return nil, errors.New("GET " + path + ": the server keeps saying hasMore; stopped after 100000 pages")
		}
	}
}

func (c *Client) ListCategories(ctx context.Context) ([]Category, error) {
	return listAll[Category](ctx, c, "/categories", nil)
}

func (c *Client) GetCategory(ctx context.Context, id string) (*Category, error) {
	var out Category
	return &out, c.do(ctx, call{method: http.MethodGet, path: "/categories/" + url.PathEscape(id), out: &out, idempotent: true})
}

// CreateCategory upserts by slug (stated), so replaying it is safe.
func (c *Client) CreateCategory(ctx context.Context, in CategoryInput) (*Category, error) {
	var out Category
	return &out, c.do(ctx, call{method: http.MethodPost, path: "/categories", body: in, out: &out, idempotent: true})
}

func (c *Client) UpdateCategory(ctx context.Context, id string, p CategoryPatch) (*Category, error) {
	var out Category
	return &out, c.do(ctx, call{method: http.MethodPatch, path: "/categories/" + url.PathEscape(id), body: p, out: &out, idempotent: true})
}

func (c *Client) DeleteCategory(ctx context.Context, id string) error {
	return c.do(ctx, call{method: http.MethodDelete, path: "/categories/" + url.PathEscape(id), idempotent: true})
}

// ListSubcategories lists the subcategories of one category, or of all categories when categoryID is ""
// (assumed: the filter is optional; this saves one listing per category).
func (c *Client) ListSubcategories(ctx context.Context, categoryID string) ([]Subcategory, error) {
	q := url.Values{}
	if categoryID != "" {
		q.Set("categoryId", categoryID)
	}
	return listAll[Subcategory](ctx, c, "/subcategories", q)
}

// CreateSubcategory is not stated to deduplicate, so it is never replayed.
func (c *Client) CreateSubcategory(ctx context.Context, in SubcategoryInput) (*Subcategory, error) {
	var out Subcategory
	return &out, c.do(ctx, call{method: http.MethodPost, path: "/subcategories", body: in, out: &out})
}

func (c *Client) UpdateSubcategory(ctx context.Context, id string, p SubcategoryPatch) (*Subcategory, error) {
	var out Subcategory
	return &out, c.do(ctx, call{method: http.MethodPatch, path: "/subcategories/" + url.PathEscape(id), body: p, out: &out, idempotent: true})
}

func (c *Client) DeleteSubcategory(ctx context.Context, id string) error {
	return c.do(ctx, call{method: http.MethodDelete, path: "/subcategories/" + url.PathEscape(id), idempotent: true})
}

func (c *Client) ListTags(ctx context.Context) ([]Tag, error) {
	return listAll[Tag](ctx, c, "/tags", nil)
}

// CreateTag is not stated to deduplicate, so it is never replayed.
func (c *Client) CreateTag(ctx context.Context, in TagInput) (*Tag, error) {
	var out Tag
	return &out, c.do(ctx, call{method: http.MethodPost, path: "/tags", body: in, out: &out})
}

func (c *Client) UpdateTag(ctx context.Context, id string, p TagPatch) (*Tag, error) {
	var out Tag
	return &out, c.do(ctx, call{method: http.MethodPatch, path: "/tags/" + url.PathEscape(id), body: p, out: &out, idempotent: true})
}

func (c *Client) DeleteTag(ctx context.Context, id string) error {
	return c.do(ctx, call{method: http.MethodDelete, path: "/tags/" + url.PathEscape(id), idempotent: true})
}

func (c *Client) ListArticles(ctx context.Context, o ListArticlesOptions) ([]Article, error) {
	q := url.Values{}
	if o.IncludeArchived {
		q.Set("includeArchived", "true")
	}
	if o.Status != "" {
		q.Set("status", o.Status)
	}
	if o.CategoryID != "" {
		q.Set("categoryId", o.CategoryID)
	}
	return listAll[Article](ctx, c, "/articles", q)
}

func (c *Client) GetArticle(ctx context.Context, id string) (*Article, error) {
	var out Article
	return &out, c.do(ctx, call{method: http.MethodGet, path: "/articles/" + url.PathEscape(id), out: &out, idempotent: true})
}

// CreateArticle is never replayed after a 5xx or a lost reply: it returns an *OutcomeUnknownError, and the
// caller looks the slug up (Atender would otherwise create a -1 duplicate).
func (c *Client) CreateArticle(ctx context.Context, in ArticleCreate) (*Article, error) {
	var out Article
	return &out, c.do(ctx, call{method: http.MethodPost, path: "/articles", body: in, out: &out})
}

// UpdateArticle sets fields; replaying the same PATCH gives the same result, so it is retried.
func (c *Client) UpdateArticle(ctx context.Context, id string, p ArticlePatch) (*Article, error) {
	var out Article
	return &out, c.do(ctx, call{method: http.MethodPatch, path: "/articles/" + url.PathEscape(id), body: p, out: &out, idempotent: true})
}

// DeleteArticle hard-deletes. A replay after a lost reply answers 404, which callers treat as done.
func (c *Client) DeleteArticle(ctx context.Context, id string) error {
	return c.do(ctx, call{method: http.MethodDelete, path: "/articles/" + url.PathEscape(id), idempotent: true})
}

// PublishArticle sets the status to published; doing it twice is the same as once.
func (c *Client) PublishArticle(ctx context.Context, id string) (*Article, error) {
	var out Article
	return &out, c.do(ctx, call{method: http.MethodPost, path: "/articles/" + url.PathEscape(id) + "/publish", out: &out, idempotent: true})
}

// MarkReviewed bumps lastReviewedAt; doing it twice is harmless.
func (c *Client) MarkReviewed(ctx context.Context, id string) (*Article, error) {
	var out Article
	return &out, c.do(ctx, call{method: http.MethodPost, path: "/articles/" + url.PathEscape(id) + "/mark-reviewed", out: &out, idempotent: true})
}

func (c *Client) Search(ctx context.Context, q string, limit int) ([]SearchResult, error) {
	v := url.Values{"q": {q}}
	if limit > 0 {
		v.Set("limit", strconv.Itoa(limit))
	}
	var raw rawList
	if err := c.do(ctx, call{method: http.MethodGet, path: "/search", query: v, out: &raw, idempotent: true}); err != nil {
		return nil, err
	}
	trimmed := bytes.TrimSpace(raw)
	var out []SearchResult
	if len(trimmed) > 0 && trimmed[0] == '[' {
		return out, json.Unmarshal(trimmed, &out)
	}
	var pg page[SearchResult]
	err := json.Unmarshal(trimmed, &pg)
	return pg.Data, err
}

// Probe sends one request and returns what came back, without decoding: `keys verify` uses it to read
// status codes and headers. It waits out 429s like any call (bounded by Options.Max429Retries).
func (c *Client) Probe(ctx context.Context, method, path string, body any) (ResponseMeta, error) {
	err := c.do(ctx, call{method: method, path: path, body: body, idempotent: true})
	return c.LastResponse(), err
}
