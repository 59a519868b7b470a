package kb

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
)

// The paging contract.
//
// The list shape of the Atender KB API has never been seen (../shared/atender-kb-api.md assumes
// {"data": [...], "page", "limit", "total", "hasMore"}), so a listing must never under-count silently: an
// under-counted KB plans a create for every missing article, and each create makes a public "-1" duplicate.
// ListPage reads ONE page and reports what the server said, without deciding anything; ListAll
// (listing.go), the one pager, follows these rules:
//
//  1. A bare JSON array (Page.Bare) is the whole list: no paging, stop.
//  2. End only on positive evidence: HasMore == false; or the items read so far reach Total; or an empty
//     page; or, when the server pages by cursor or link (CursorGiven, or this page was asked for by one), a
//     page without a next cursor or link. A
//     short page alone proves nothing (a server may cap limit silently): without HasMore, continue while
//     Total says more exist, and without Total either, continue until an empty page.
//  3. Next request: follow Page.Next (a link) or Page.NextCursor (sent as cursor=) when given, else page+1.
//  4. A page whose ids (Page.IDs) repeat ids of earlier pages is an error: the server ignores page (or the
//     KB changed while it was read); never drop the repeats and go on.
//  5. Stop with an error after MaxPages pages (Options.MaxPages).
//  6. After the last page, when any page gave Total, the number of distinct items read must equal the last
//     Total; otherwise stop before planning.
//  7. Page order does not matter (pages may be fetched in parallel once Total or Pages tells how many
//     there are), but every check above still applies to the union.

// MaxPageSize is the largest page the API serves (stated: limit ≤ 100).
const MaxPageSize = 100

// MaxPages bounds a listing: 10,000 pages of 100 is a million articles, beyond any real KB.
const MaxPages = 10_000

// PageRequest asks for one page of a list.
type PageRequest struct {
	Page   int        // 1-based; 0 means 1. Ignored when Cursor or Next is set.
	Limit  int        // 0 means MaxPageSize
	Cursor string     // a Page.NextCursor of the previous page; sent as cursor=
	Next   string     // a Page.Next link of the previous page; followed only below the base URL
	Query  url.Values // filters: includeArchived, status, categoryId…
}

// Page is one page of a list as read, with the paging evidence exactly as the server gave it (nil or ""
// where it gave none).
type Page struct {
	Resource string            // "articles", "categories", "subcategories", "tags"
	Items    []json.RawMessage // the raw items, in the server's order
	IDs      []string          // the items' ids, in the same order (every item has one, checked)
	Envelope string            // the key that held the array ("data", "items", "results" or Resource); "" when Bare
	Bare     bool              // the body was a bare JSON array: the whole list, no paging

	Total       *int   // total / totalCount, top level or under meta/pagination
	HasMore     *bool  // hasMore / has_more / hasNextPage
	PageNo      *int   // the page the server says it served
	Limit       *int   // the limit the server says it used
	Pages       *int   // totalPages / pageCount
	NextCursor  string // nextCursor / cursor
	Next        string // a next link: "next", links.next, or a Link header with rel="next"
	CursorGiven bool   // a cursor or next field was present (even null): the server pages by cursor

	Request PageRequest
	Meta    ResponseMeta

	// objs are the items split into their members (nil for one that is not an object), as ListPage read
	// them for their ids, so that the decoder does not split them again; nil in a Page made elsewhere.
	objs []object
}

// members are the items split into their members: as ListPage split them, else split now.
func (p *Page) members() []object {
	if len(p.objs) == len(p.Items) {
		return p.objs
	}
	return objects(p.Items)
}

// ListPage fetches one page of GET /{resource} and decodes it (see the paging contract above). An
// unrecognised body is an error naming its top-level keys; an item that is not an object, or has no id (an
// article also no slug), is an error naming its position.
func (c *Client) ListPage(ctx context.Context, resource string, req PageRequest) (*Page, error) {
	path, q := "/"+resource, url.Values{}
	for k, v := range req.Query {
		q[k] = append([]string(nil), v...)
	}
	where := "page " + strconv.Itoa(max(req.Page, 1))
	switch {
	case req.Next != "":
		p, nq, err := c.sameBase(req.Next)
		if err != nil {
			return nil, fmt.Errorf("GET /%s: following the next link: %w", resource, err)
		}
		path, q, where = p, nq, "the page after a next link"
	case req.Cursor != "":
		q.Set("cursor", req.Cursor)
		q.Set("limit", strconv.Itoa(cmpOr(req.Limit, MaxPageSize)))
		where = "a cursor page"
	default:
		q.Set("page", strconv.Itoa(max(req.Page, 1)))
		q.Set("limit", strconv.Itoa(cmpOr(req.Limit, MaxPageSize)))
	}
	rep, err := c.do(ctx, call{method: http.MethodGet, path: path, query: q, idempotent: true})
	if err != nil {
		return nil, err
	}
	p, err := decodePage(rep.body, resource)
	if err != nil {
		return nil, c.replyError(rep, "GET", path, fmt.Sprintf("%s: %v", where, err))
	}
	p.Request, p.Meta = req, rep.meta
	if p.Next == "" {
		if n := linkNext(rep.header.Get("Link")); n != "" {
			p.Next, p.CursorGiven = n, true
		}
	}
	p.IDs, p.objs = make([]string, len(p.Items)), make([]object, len(p.Items))
	for i, it := range p.Items {
		o, id, slugRaw, ok := itemHead(it)
		p.objs[i] = o
		if !ok {
			return nil, c.replyError(rep, "GET", path, fmt.Sprintf("%s: item %d is not a JSON object", where, i+1))
		}
		var prob string
		if p.IDs[i], prob = readID(id); prob != "" {
			return nil, c.replyError(rep, "GET", path, fmt.Sprintf("%s: item %d has %s", where, i+1, prob))
		}
		var slug string
		if resource == "articles" && (!readString(slugRaw, &slug) || slug == "") {
			return nil, c.replyError(rep, "GET", path, fmt.Sprintf("%s: item %d (id %s) has no \"slug\"", where, i+1, c.redact(p.IDs[i])))
		}
	}
	return p, nil
}

// sameBase turns a next link into a path below the base URL and its query. A link to another host, scheme
// or path is refused: following it would send the key elsewhere.
func (c *Client) sameBase(next string) (string, url.Values, error) {
	base, err := url.Parse(c.base)
	if err != nil {
		return "", nil, err
	}
	u, err := base.Parse(next)
	if err != nil {
		return "", nil, fmt.Errorf("unreadable link %q", c.redact(next))
	}
	// Compare the decoded and cleaned path: %2e%2e is ".." to the server, and ..%2f.. climbs as well.
	clean := path.Clean("/" + u.Path)
	basePath := strings.TrimSuffix(path.Clean("/"+base.Path), "/")
	if u.Scheme != base.Scheme || u.Host != base.Host || !strings.HasPrefix(clean, basePath+"/") {
		return "", nil, fmt.Errorf("the link %s leaves the API's base URL %s; not sending the key there", c.redact(u.Redacted()), base.Redacted())
	}
	// Send exactly the path that was checked, escaped again (the caller appends it to the base URL).
	return (&url.URL{Path: strings.TrimPrefix(clean, basePath)}).EscapedPath(), u.Query(), nil
}

// linkNext returns the rel="next" target of an RFC 8288 Link header, or "".
func linkNext(h string) string {
	for _, part := range strings.Split(h, ",") {
		target, params, ok := strings.Cut(part, ";")
		if !ok {
			continue
		}
		for _, p := range strings.Split(params, ";") {
			k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
			if strings.EqualFold(k, "rel") && slicesContainsFold(strings.Fields(strings.Trim(v, `"`)), "next") {
				return strings.Trim(strings.TrimSpace(target), "<>")
			}
		}
	}
	return ""
}

func slicesContainsFold(xs []string, s string) bool {
	for _, x := range xs {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

func cmpOr(v, def int) int {
	if v > 0 {
		return v
	}
	return def
}

// Ended says whether a page, after read items in all (this page's included), is positive evidence that the
// listing is complete (rule 2 of the paging contract; an empty page also ends it). A page that contradicts
// its own paging evidence is an error naming the endpoint, never an end: an empty page that says more exist
// ("hasMore": true, a next cursor or link, a total or page count not yet reached), or a page that says the
// list ends ("hasMore": false) while its total, page count or next cursor says more exist. Read as an end,
// such a page under-counts the KB and a sync then creates every article it missed (a duplicate each).
func Ended(p *Page, read int) (bool, error) {
	if err := contradiction(p, read); err != nil {
		return false, err
	}
	switch {
	case p.Bare || len(p.Items) == 0:
		return true, nil
	case p.HasMore != nil:
		return !*p.HasMore, nil
	case p.Total != nil:
		return read >= *p.Total, nil
	case p.CursorGiven || p.Request.Cursor != "" || p.Request.Next != "":
		// Paging by cursor or link: the chain ends where no next one is given.
		return p.Next == "" && p.NextCursor == "", nil
	}
	return false, nil
}

// contradiction reports a page whose paging evidence contradicts itself in a way that could end a listing
// early (see Ended).
func contradiction(p *Page, read int) error {
	if p.Bare {
		return nil
	}
	empty, next := len(p.Items) == 0, p.NextCursor != "" || p.Next != ""
	ends := p.HasMore != nil && !*p.HasMore
	pageNo, byPage := max(p.Request.Page, 1), p.Request.Cursor == "" && p.Request.Next == ""
	if p.PageNo != nil {
		pageNo = *p.PageNo
	}
	var why string
	switch {
	case empty && p.HasMore != nil && *p.HasMore:
		why = `the page is empty but says more items exist ("hasMore": true)`
	case empty && next:
		why = "the page is empty but gives a next cursor or link"
	case (empty || ends) && p.Total != nil && read < *p.Total:
		why = fmt.Sprintf("the page %s, but its total says %d items and only %d were read", endsHow(empty), *p.Total, read)
	case (empty || ends) && byPage && p.Pages != nil && pageNo < *p.Pages:
		why = fmt.Sprintf("the page %s, but it is page %d of %d", endsHow(empty), pageNo, *p.Pages)
	case ends && next:
		why = `the page says the list ends ("hasMore": false) but gives a next cursor or link`
	default:
		return nil
	}
	where := "page " + strconv.Itoa(pageNo)
	if !byPage {
		where = "a cursor or link page"
	}
	return &ReplyError{Method: "GET", Path: "/" + p.Resource, Status: cmpOr(p.Meta.Status, http.StatusOK), RequestID: p.Meta.RequestID,
		Problem: fmt.Sprintf("%s: %s; the listing cannot be read unambiguously, so nothing is planned on it", where, why)}
}

func endsHow(empty bool) string {
	if empty {
		return "is empty"
	}
	return `says the list ends ("hasMore": false)`
}
