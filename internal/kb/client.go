package kb

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/atender/atender/internal/redact"
)

// API is the part of the Atender KB API this tool uses. *Client implements it against HTTP; the sync engine
// and its tests depend only on this interface.
type API interface {
	ListCategories(ctx context.Context) ([]Category, error)
	GetCategory(ctx context.Context, id string) (*Category, error)
	CreateCategory(ctx context.Context, in CategoryInput) (*Category, error)
	UpdateCategory(ctx context.Context, id string, p CategoryPatch) (*Category, error)

	ListSubcategories(ctx context.Context, categoryID string) ([]Subcategory, error)
	CreateSubcategory(ctx context.Context, in SubcategoryInput) (*Subcategory, error)
	// DeleteTaxonomy deletes a category, subcategory or tag by id (resource "categories", "subcategories",
	// "tags"): only ever a duplicate the same run has just made.
	DeleteTaxonomy(ctx context.Context, resource, id string) error

	ListTags(ctx context.Context) ([]Tag, error)
	CreateTag(ctx context.Context, in TagInput) (*Tag, error)

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

// Options configures a Client.
type Options struct {
	BaseURL   string // e.g. https://prod.atender.dev/api/v1/kb
	APIKey    string
	UserAgent string
	// KBID, when set, names the knowledge base: kbId= is added to every request (Atender names a KB with
	// this query parameter elsewhere in its API, and answers 400 to one in the body). Unset, nothing is
	// added and the tenant's default KB is used.
	KBID string
	// HTTPClient defaults to one with Timeout per attempt. Whatever is passed, redirects are never
	// followed (see NewClient).
	HTTPClient *http.Client
	Timeout    time.Duration // per attempt; default 30 s
	Rate       RateConfig
	// Clock defaults to the wall clock; tests pass a fake one.
	Clock Clock
	// Debug, when set, receives a one-line trace of every request and retry decision. The Authorization
	// header is never written, and the key is masked wherever a server echoes it.
	Debug io.Writer
	// MaxRetries bounds retries of 5xx/network errors on idempotent calls (default 4).
	MaxRetries int
	// Max429Retries bounds how many 429s one call waits out (default 8).
	Max429Retries int
	// MaxRetryAfter caps one wait on Retry-After (default 60 s).
	MaxRetryAfter time.Duration
	// BackoffBase is the first 5xx backoff (default 500 ms), doubled each retry, with full jitter.
	BackoffBase time.Duration
	// MaxPages bounds one listing (default MaxPages); a listing still not at its end after that many pages
	// is an error.
	MaxPages int
	// ReplyBudget bounds the reply bodies read at the same time by this client, together (default
	// ReplyBudget, 64 MiB).
	ReplyBudget int64
}

// Client talks to one Atender KB base URL with one key.
type Client struct {
	base    string
	key     string
	ua      string
	hc      *http.Client
	limiter *Limiter
	clock   Clock
	policy  retryPolicy
	opts    Options
	budget  *replyBudget

	debugMu  sync.Mutex
	lastMu   sync.Mutex
	last     ResponseMeta
	requests atomic.Int64
}

// newTransport is http.DefaultTransport keeping as many idle connections to the server as requests run at
// once (the pages of a listing, the writes of a sync): the default keeps two, so every other request of a
// 32-wide listing dialled a new connection (a TLS handshake each against the real API).
func newTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = PageWorkers
	return t
}

// ResponseMeta describes a reply.
type ResponseMeta struct {
	Status    int
	RequestID string
	Duration  time.Duration
	RateLimit RateLimitInfo
}

// NewClient returns a client; it sends nothing until a method is called.
func NewClient(o Options) *Client {
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Second
	}
	// Redirects are never followed: the API needs none, a redirect to http:// would carry the key in clear
	// text, and a 301/302 turns a POST into a GET whose list reply must not pass for a created object. The
	// 3xx comes back as a reply, and do reports it with its target.
	hc := &http.Client{Timeout: o.Timeout, Transport: newTransport()}
	if o.HTTPClient != nil {
		cp := *o.HTTPClient
		hc = &cp
	}
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
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
	if o.ReplyBudget <= 0 {
		o.ReplyBudget = ReplyBudget
	}
	if o.MaxPages <= 0 {
		o.MaxPages = MaxPages
	}
	if o.UserAgent == "" {
		o.UserAgent = "atender/dev"
	}
	if o.Clock == nil {
		o.Clock = WallClock{}
	}
	lim := NewLimiter(o.Rate, o.Clock)
	lim.SetMaxPause(o.MaxRetryAfter)
	c := &Client{
		base: strings.TrimRight(o.BaseURL, "/"), key: o.APIKey, ua: o.UserAgent, hc: hc, limiter: lim, clock: o.Clock, opts: o,
		policy: retryPolicy{MaxRetries: o.MaxRetries, Max429: o.Max429Retries, MaxRetryAfter: o.MaxRetryAfter, BackoffBase: o.BackoffBase},
		budget: &replyBudget{limit: o.ReplyBudget},
	}
	lim.SetDebug(c.debugf)
	return c
}

// Requests counts the HTTP requests sent, retries included.
func (c *Client) Requests() int { return int(c.requests.Load()) }

// maxPages is the bound ListAll puts on a listing read through this client.
func (c *Client) maxPages() int { return c.opts.MaxPages }

// KBID returns the knowledge base the client names on every request ("" for the default one).
func (c *Client) KBID() string { return c.opts.KBID }

// Limiter returns the client's rate limiter.
func (c *Client) Limiter() *Limiter { return c.limiter }

// LastResponse returns what the last completed request saw.
func (c *Client) LastResponse() ResponseMeta {
	c.lastMu.Lock()
	defer c.lastMu.Unlock()
	return c.last
}

func (c *Client) debugf(format string, args ...any) {
	if c.opts.Debug == nil {
		return
	}
	c.debugMu.Lock()
	defer c.debugMu.Unlock()
	fmt.Fprintln(c.opts.Debug, c.redact(fmt.Sprintf("debug: "+format, args...)))
}

// redact masks the key wherever it appears (servers echo it in error messages, links and ids).
func (c *Client) redact(s string) string { return Redact(s, c.key) }

// Redact masks key in s, in every form package redact knows (any case, escaped, split, cut short, base64,
// hex), by its masked form (facts.MaskKey: sa_test_ab…f9), and every URL password.
func Redact(s, key string) string {
	if len(key) < 8 {
		return (&redact.Redactor{}).Redact(s)
	}
	return redact.ForKey(key).Redact(s)
}

type gracefulKey struct{}

// Graceful returns a context whose cancellation stops the client from starting requests (waits for the
// rate limiter, backoffs and Retry-After end at once) but never aborts a request already sent: its reply
// is still read. A write cut off mid-flight is the one state a rerun cannot see, so Ctrl-C uses this.
func Graceful(ctx context.Context) context.Context {
	return context.WithValue(ctx, gracefulKey{}, true)
}

// call is one API operation.
type call struct {
	method string
	path   string
	query  url.Values
	body   any
	// idempotent says the call may be replayed after a 5xx or a network error. Creates are not: a lost reply
	// may hide a created article, and a replay would make a -1 duplicate.
	idempotent bool
}

// do runs a call: it waits for the limiter, sends, and asks decide what to do with the outcome until it
// says done (a 2xx reply, returned whole) or fail.
func (c *Client) do(ctx context.Context, cl call) (*reply, error) {
	if err := checkKey(c.key); err != nil {
		return nil, err
	}
	reqCtx := ctx
	if g, _ := ctx.Value(gracefulKey{}).(bool); g {
		reqCtx = context.WithoutCancel(ctx)
	}
	var payload []byte
	if cl.body != nil {
		var err error
		if payload, err = json.Marshal(cl.body); err != nil {
			return nil, fmt.Errorf("encoding %s %s: %w", cl.method, cl.path, err)
		}
	}
	u := c.url(cl)
	retries, waits429 := 0, 0
	for {
		ticket, err := c.limiter.Wait(ctx)
		if err != nil {
			return nil, err
		}
		if ctx.Err() != nil {
			c.limiter.Observe(ticket, noReply)
			return nil, ctx.Err() // nothing new starts once cancelled
		}
		rep, fail, err := c.send(reqCtx, cl, u, payload, ticket)
		if rep == nil {
			c.limiter.Observe(ticket, noReply) // no longer in flight
		}
		if err != nil && reqCtx.Err() != nil {
			return nil, reqCtx.Err()
		}
		a := attempt{Idempotent: cl.idempotent, Failure: fail, Retries: retries, Waits429: waits429, Jitter: rand.Float64()}
		if rep != nil {
			a.Status = rep.status
			a.RetryAfter = time.Duration(retryAfter(rep.header, c.clock.Now())) * time.Second
		}
		d := decide(c.policy, a)
		if d.Why != "" {
			c.debugf("%s %s: %s", cl.method, cl.path, d.Why)
		}
		switch d.Verdict {
		case vDone:
			return rep, nil
		case vRetry:
			if d.Pause {
				waits429++
				c.limiter.Pause(d.Wait)
				continue
			}
			retries++
			if err := c.clock.Sleep(ctx, d.Wait); err != nil {
				return nil, err
			}
			continue
		}
		if rep != nil && fail == failNone {
			err = c.parseError(cl, rep)
		}
		if d.Verdict == vUnknown {
			return nil, &OutcomeUnknownError{Method: cl.method, Path: cl.path, Err: err}
		}
		return nil, err
	}
}

// noReply is what Observe gets for an attempt that ended without a reply.
var noReply = RateLimitInfo{Limit: -1, Remaining: -1, Reset: -1}

// url builds the request URL; kbId rides on every request when set.
func (c *Client) url(cl call) string {
	q := url.Values{}
	for k, v := range cl.query {
		q[k] = v
	}
	if c.opts.KBID != "" {
		q.Set("kbId", c.opts.KBID)
	}
	u := c.base + cl.path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return u
}
