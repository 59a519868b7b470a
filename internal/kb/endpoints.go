package kb

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/atender/atender/internal/facts"
)

// one runs a call whose reply is a single object (bare, or wrapped in "data" or in the singular name) and
// decodes it. An object without an id is an error: a write whose reply names no object cannot be trusted
// to have happened (it may be a redirected GET, or another API), and must never pass for "the slug changed".
func one[T any](ctx context.Context, c *Client, cl call, singular string) (*T, error) {
	rep, err := c.do(ctx, cl)
	if err != nil {
		return nil, err
	}
	var head struct {
		ID json.RawMessage `json:"id"`
	}
	if err := decodeOne(rep.body, singular, &head); err != nil {
		return nil, c.replyError(rep, cl.method, cl.path, err.Error())
	}
	if p := idProblem(head.ID); p != "" {
		return nil, c.replyError(rep, cl.method, cl.path, fmt.Sprintf("the %s in the reply has %s", singular, p))
	}
	var out T
	if err := decodeOne(rep.body, singular, &out); err != nil {
		return nil, c.replyError(rep, cl.method, cl.path, err.Error())
	}
	return &out, nil
}

// all reads a whole list and decodes its items (ListDecoded).
func all[T any](ctx context.Context, c *Client, resource string, q url.Values) ([]T, error) {
	return ListDecoded[T](ctx, c, resource, q)
}

func get(path string) call { return call{method: http.MethodGet, path: path, idempotent: true} }

func (c *Client) ListCategories(ctx context.Context) ([]Category, error) {
	return all[Category](ctx, c, "categories", nil)
}

func (c *Client) GetCategory(ctx context.Context, id string) (*Category, error) {
	return one[Category](ctx, c, get("/categories/"+url.PathEscape(id)), "category")
}

// CreateCategory upserts by slug (stated), so replaying it is safe.
func (c *Client) CreateCategory(ctx context.Context, in CategoryInput) (*Category, error) {
	return one[Category](ctx, c, call{method: http.MethodPost, path: "/categories", body: in, idempotent: true}, "category")
}

func (c *Client) UpdateCategory(ctx context.Context, id string, p CategoryPatch) (*Category, error) {
	return one[Category](ctx, c, call{method: http.MethodPatch, path: "/categories/" + url.PathEscape(id), body: p, idempotent: true}, "category")
}

// ListSubcategories lists the subcategories of one category, or of all categories when categoryID is ""
// (assumed: the filter is optional; this saves one listing per category).
func (c *Client) ListSubcategories(ctx context.Context, categoryID string) ([]Subcategory, error) {
	q := url.Values{}
	if categoryID != "" {
		q.Set("categoryId", categoryID)
	}
	return all[Subcategory](ctx, c, "subcategories", q)
}

// CreateSubcategory is not stated to deduplicate, so it is never replayed.
func (c *Client) CreateSubcategory(ctx context.Context, in SubcategoryInput) (*Subcategory, error) {
	return one[Subcategory](ctx, c, call{method: http.MethodPost, path: "/subcategories", body: in}, "subcategory")
}

// DeleteTaxonomy deletes a category, subcategory or tag (stated operations, assumed paths
// DELETE /{resource}/{id}). A replay after a lost reply answers 404, which callers treat as done.
func (c *Client) DeleteTaxonomy(ctx context.Context, resource, id string) error {
	switch resource {
	case "categories", "subcategories", "tags":
	default:
		return fmt.Errorf("DeleteTaxonomy: %q is not a taxonomy resource", resource)
	}
	_, err := c.do(ctx, call{method: http.MethodDelete, path: "/" + resource + "/" + url.PathEscape(id), idempotent: true})
	return err
}

func (c *Client) ListTags(ctx context.Context) ([]Tag, error) {
	return all[Tag](ctx, c, "tags", nil)
}

// CreateTag is not stated to deduplicate, so it is never replayed.
func (c *Client) CreateTag(ctx context.Context, in TagInput) (*Tag, error) {
	return one[Tag](ctx, c, call{method: http.MethodPost, path: "/tags", body: in}, "tag")
}

// Query turns list options into query parameters.
func (o ListArticlesOptions) Query() url.Values {
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
	return q
}

func (c *Client) ListArticles(ctx context.Context, o ListArticlesOptions) ([]Article, error) {
	return all[Article](ctx, c, "articles", o.Query())
}

func (c *Client) GetArticle(ctx context.Context, id string) (*Article, error) {
	return one[Article](ctx, c, get("/articles/"+url.PathEscape(id)), "article")
}

// CreateArticle is never replayed after a 5xx or a lost reply: it returns an *OutcomeUnknownError, and the
// caller looks the slug up (Atender would otherwise create a -1 duplicate).
func (c *Client) CreateArticle(ctx context.Context, in ArticleCreate) (*Article, error) {
	return one[Article](ctx, c, call{method: http.MethodPost, path: "/articles", body: in}, "article")
}

// UpdateArticle sets fields; replaying the same PATCH gives the same result, so it is retried.
func (c *Client) UpdateArticle(ctx context.Context, id string, p ArticlePatch) (*Article, error) {
	return one[Article](ctx, c, call{method: http.MethodPatch, path: "/articles/" + url.PathEscape(id), body: p, idempotent: true}, "article")
}

// DeleteArticle hard-deletes. A replay after a lost reply answers 404, which callers treat as done.
func (c *Client) DeleteArticle(ctx context.Context, id string) error {
	_, err := c.do(ctx, call{method: http.MethodDelete, path: "/articles/" + url.PathEscape(id), idempotent: true})
	return err
}

// PublishArticle sets the status to published; doing it twice is the same as once.
func (c *Client) PublishArticle(ctx context.Context, id string) (*Article, error) {
	return one[Article](ctx, c, call{method: http.MethodPost, path: "/articles/" + url.PathEscape(id) + "/publish", idempotent: true}, "article")
}

// MarkReviewed bumps lastReviewedAt; doing it twice is harmless.
func (c *Client) MarkReviewed(ctx context.Context, id string) (*Article, error) {
	return one[Article](ctx, c, call{method: http.MethodPost, path: "/articles/" + url.PathEscape(id) + "/mark-reviewed", idempotent: true}, "article")
}

// Search runs GET /search; its reply is one list page (any accepted list shape).
func (c *Client) Search(ctx context.Context, q string, limit int) ([]SearchResult, error) {
	v := url.Values{"q": {q}}
	if limit > 0 {
		v.Set("limit", strconv.Itoa(limit))
	}
	rep, err := c.do(ctx, call{method: http.MethodGet, path: "/search", query: v, idempotent: true})
	if err != nil {
		return nil, err
	}
	p, err := decodePage(rep.body, "results")
	if err != nil {
		return nil, c.replyError(rep, "GET", "/search", err.Error())
	}
	out := make([]SearchResult, len(p.Items))
	for i, it := range p.Items {
		if err := json.Unmarshal(it, &out[i]); err != nil {
			return nil, fmt.Errorf("GET /search: result %d: %w", i+1, err)
		}
	}
	return out, nil
}

// Probe sends one request and returns what came back, without decoding: `keys verify` and `doctor` use it
// to read status codes and headers. It waits out 429s like any call (bounded by Options.Max429Retries).
func (c *Client) Probe(ctx context.Context, method, path string, body any) (ResponseMeta, error) {
	_, err := c.do(ctx, call{method: method, path: path, body: body, idempotent: true})
	return c.LastResponse(), err
}

// Prober sends one request whose status is the answer (*Client does; a test can stand in for it).
type Prober interface {
	Probe(ctx context.Context, method, path string, body any) (ResponseMeta, error)
}

// WriteAccess is what the write probe found out about the key.
type WriteAccess int

const (
	// WriteUnknown: the answer says nothing about the scope (401, 5xx, a network error); the error does.
	WriteUnknown WriteAccess = iota
	// WriteAllowed: 404, the scope check passed and the article was not found.
	WriteAllowed
	// WriteMissing: 403, the key lacks knowledge:write.
	WriteMissing
	// WriteAccepted: 2xx, the server took an empty write to an id that cannot exist (nothing was changed):
	// presumably allowed, but not the contract.
	WriteAccepted
)

// ProbeWrite asks whether the key may write without changing anything: one empty PATCH to facts.WriteProbeID.
// keys verify, doctor and a dry run of kb sync all ask this way. The error is the probe's (nil on 2xx).
func ProbeWrite(ctx context.Context, p Prober) (WriteAccess, ResponseMeta, error) {
	meta, err := p.Probe(ctx, http.MethodPatch, "/articles/"+facts.WriteProbeID, struct{}{})
	switch st := StatusOf(err); {
	case err == nil:
		return WriteAccepted, meta, nil
	case st == http.StatusNotFound:
		return WriteAllowed, meta, err
	case st == http.StatusForbidden:
		return WriteMissing, meta, err
	}
	return WriteUnknown, meta, err
}
