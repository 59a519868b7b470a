package doctor

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/atender/atender/internal/facts"
	"github.com/atender/atender/internal/kb"
)

// listed is one list endpoint; kb.RequiredFields says which fields kb sync reads from its items.
type listed struct {
	resource string
	query    url.Values
}

// lists are every list endpoint kb sync reads, with the query it uses.
var lists = []listed{
	{"categories", nil},
	{"subcategories", nil},
	{"tags", nil},
	{"articles", url.Values{"includeArchived": {"true"}}},
}

// doctorLimit is the page size doctor asks for: small, so that two pages exist on any real KB.
const doctorLimit = 2

// list checks one endpoint on pages 1 and 2 with limit=2.
func (r *run) list(ctx context.Context, l listed) {
	name := l.resource
	p1, err := r.in.Client.ListPage(ctx, l.resource, kb.PageRequest{Page: 1, Limit: doctorLimit, Query: l.query})
	if err != nil {
		r.add(Row{Check: name + ": list", Status: Failed, ReliedOn: true, Detail: r.redact(err.Error())})
		return
	}
	env := Row{Check: name + ": envelope", Status: OK, Detail: fmt.Sprintf(`an array under "data" (%s on page 1)`, plural(len(p1.Items), "item"))}
	switch {
	case p1.Bare:
		env.Status, env.Detail = Differs, "a bare JSON array, no envelope: atender reads it as the whole list (no paging)"
	case p1.Envelope != "data":
		env.Status, env.Detail = Differs, fmt.Sprintf(`an array under %q, not "data" (read anyway)`, p1.Envelope)
	}
	r.add(env)
	items := p1.Items
	if !p1.Bare {
		r.add(evidenceRow(name, p1))
		ended1, contra := kb.Ended(p1, len(p1.Items))
		if contra != nil {
			r.add(Row{Check: name + ": page 1", Status: Failed, ReliedOn: true, Detail: r.redact(contra.Error())})
		}
		if row, ok := agreement(name, p1); ok {
			r.add(row)
		}
		p2 := r.page2(ctx, l, p1, ended1 && contra == nil)
		if p2 != nil {
			items = append(items, p2.Items...)
		}
		r.add(r.limitRow(ctx, l, p1, p2))
	}
	sample := items
	if !p1.Bare {
		if whole, ok := r.wholeListing(ctx, l); ok {
			items = whole
		}
	}
	r.add(fieldsRow(name, items))
	if l.resource == "articles" {
		r.add(timestampsRow(sample))
	}
}

// wholeListing reads the whole list as kb sync and kb pull do (kb.ListAll: pages of kb.MaxPageSize, every
// paging check), so that the fields row judges every item with sync's decoder, not a sample of four.
func (r *run) wholeListing(ctx context.Context, l listed) ([]json.RawMessage, bool) {
	row := Row{Check: l.resource + ": whole listing", Status: OK, ReliedOn: true}
	all, err := kb.ListAll(ctx, r.in.Client, l.resource, l.query)
	if err != nil {
		row.Status, row.Detail = Failed, r.redact(err.Error())
		r.add(row)
		return nil, false
	}
	row.Detail = plural(len(all), "item") + " read as kb sync reads the list"
	r.add(row)
	return all, true
}

// evidenceRow says which paging evidence page 1 carries.
func evidenceRow(name string, p *kb.Page) Row {
	var got []string
	if p.Total != nil {
		got = append(got, fmt.Sprintf("total %d", *p.Total))
	}
	if p.HasMore != nil {
		got = append(got, fmt.Sprintf("hasMore %v", *p.HasMore))
	}
	if p.NextCursor != "" || p.Next != "" || p.CursorGiven {
		got = append(got, "a cursor or next link")
	}
	if p.Pages != nil {
		got = append(got, fmt.Sprintf("%d pages", *p.Pages))
	}
	row := Row{Check: name + ": paging evidence", Status: OK, Detail: strings.Join(got, ", ")}
	switch {
	case len(got) == 0:
		row.Status, row.Detail = Differs, "no total, hasMore, cursor or page count: atender reads until an empty page (one request more)"
	case p.Total == nil:
		row.Status, row.Detail = Differs, row.Detail+", but no total: the listing cannot be checked against a count, so a server that "+
			"silently leaves items out goes unnoticed (paging still ends only on positive evidence)"
	case p.HasMore == nil:
		row.Detail += " (the assumed shape has both total and hasMore; what is there suffices)"
	}
	return row
}

// agreement checks that total and hasMore tell the same story on page 1.
func agreement(name string, p *kb.Page) (Row, bool) {
	if p.Total == nil || p.HasMore == nil {
		return Row{}, false
	}
	more := len(p.Items) < *p.Total
	row := Row{Check: name + ": total/hasMore", Status: OK, ReliedOn: true, Detail: fmt.Sprintf("agree (%d of %d on page 1, hasMore %v)", len(p.Items), *p.Total, *p.HasMore)}
	if more != *p.HasMore {
		row.Status, row.Detail = Differs, fmt.Sprintf("disagree: %d of %d items on page 1 but hasMore %v; a sync stops when the listing does not add up to total", len(p.Items), *p.Total, *p.HasMore)
	}
	return row, true
}

// page2 fetches the page after p1 as kb sync would and checks it is another page. ended says page 1 is
// positive evidence of the whole list: kb sync never asks for page 2 then, so a page 2 that repeats page 1
// (a cursor API ignores ?page=, as does a server that ignores page) is reported, not relied on.
func (r *run) page2(ctx context.Context, l listed, p1 *kb.Page, ended bool) *kb.Page {
	name := l.resource
	req := kb.PageRequest{Page: 2, Limit: doctorLimit, Query: l.query}
	switch {
	case p1.Next != "":
		req = kb.PageRequest{Next: p1.Next}
	case p1.NextCursor != "":
		req = kb.PageRequest{Cursor: p1.NextCursor, Limit: doctorLimit, Query: l.query}
	case ended && (p1.CursorGiven || p1.Request.Cursor != ""):
		// A cursor chain that ends on page 1: there is no page 2 to ask for.
		r.add(Row{Check: name + ": page 2", Status: OK, ReliedOn: true, Detail: "none: cursor paging, and page 1 gives no next cursor (the whole list)"})
		return nil
	}
	p2, err := r.in.Client.ListPage(ctx, l.resource, req)
	if err != nil {
		r.add(Row{Check: name + ": page 2", Status: Failed, ReliedOn: true, Detail: r.redact(err.Error())})
		return nil
	}
	row := Row{Check: name + ": page 2", Status: OK, ReliedOn: true}
	repeats := 0
	for _, id := range p2.IDs {
		if slices.Contains(p1.IDs, id) {
			repeats++
		}
	}
	switch {
	case p2.Bare:
		row.Status, row.Detail = Differs, "page 1 had an envelope, page 2 is a bare array"
	case len(p2.IDs) > 0 && repeats == len(p2.IDs) && ended:
		row.Status, row.ReliedOn, row.Detail = Differs, false, "page 2 repeats page 1, which said it was the whole list: the server ignores ?page= (a cursor API does); "+
			"a sync never asks for it while the list fits one page, and stops rather than trust a longer list that repeats"
	case len(p2.IDs) > 0 && repeats == len(p2.IDs):
		row.Status, row.Detail = Differs, "page 2 repeats the items of page 1: the server ignores the page parameter; a sync stops rather than trust the listing"
	case repeats > 0:
		row.Status, row.Detail = Differs, fmt.Sprintf("page 2 repeats %d items of page 1", repeats)
	case len(p2.IDs) == 0 && len(p1.IDs) < doctorLimit:
		row.Detail = "empty, as page 1 held everything"
	case len(p2.IDs) == 0:
		row.Detail = "empty: page 1 held everything"
		if p1.Total != nil && *p1.Total > len(p1.IDs) {
			row.Status, row.Detail = Differs, fmt.Sprintf("empty although total says %d: a sync stops when the listing does not add up", *p1.Total)
		}
	default:
		row.Detail = plural(len(p2.IDs), "other item")
	}
	if _, err := kb.Ended(p2, len(p1.IDs)+len(p2.IDs)); err != nil && row.Status == OK {
		row.Status, row.Detail = Failed, r.redact(err.Error())
	}
	r.add(row)
	return p2
}

// limitRow says whether the server serves the page sizes asked for. A cap shows only where more items
// exist than the cap: limit=2 on pages 1 and 2, then, when the list goes on past page 2, one page of
// kb.MaxPageSize (what kb sync asks for), and the page after it when nothing says whether more exist.
// A silent cap is reported, not relied on: kb sync ends a listing only on positive evidence.
func (r *run) limitRow(ctx context.Context, l listed, p1, p2 *kb.Page) Row {
	row := Row{Check: l.resource + ": limit", Status: OK, Detail: fmt.Sprintf("limit=%d honoured", doctorLimit)}
	capped := func(asked, n int) {
		row.Status, row.Detail = Differs, fmt.Sprintf("limit=%d answered %s while more exist: the server caps limit at %d silently "+
			"(a sync still reads every page, ending only on positive evidence, with more requests)", asked, plural(n, "item"), n)
	}
	switch {
	case len(p1.Items) > doctorLimit:
		row.Status, row.Detail = Differs, fmt.Sprintf("limit=%d answered %d items: the server ignores or caps limit its own way (paging still ends only on positive evidence)", doctorLimit, len(p1.Items))
		return row
	case p2 == nil:
		return row
	case len(p1.Items) < doctorLimit && len(p2.Items) > 0:
		capped(doctorLimit, len(p1.Items))
		return row
	}
	if ended, err := kb.Ended(p2, len(p1.Items)+len(p2.Items)); err != nil || ended || len(p2.Items) == 0 {
		row.Detail += fmt.Sprintf(" (the list holds %s: a larger cap cannot show)", plural(len(p1.Items)+len(p2.Items), "item"))
		return row
	}
	big, err := r.in.Client.ListPage(ctx, l.resource, kb.PageRequest{Page: 1, Limit: kb.MaxPageSize, Query: l.query})
	if err != nil {
		row.Status, row.Detail = Differs, fmt.Sprintf("limit=%d: %s", kb.MaxPageSize, r.redact(err.Error()))
		return row
	}
	n := len(big.Items)
	switch {
	case big.Bare:
		row.Status, row.Detail = Differs, fmt.Sprintf("limit=%d answered a bare array", kb.MaxPageSize)
		return row
	case n > kb.MaxPageSize:
		row.Status, row.Detail = Differs, fmt.Sprintf("limit=%d answered %d items: the server ignores limit", kb.MaxPageSize, n)
		return row
	case n == kb.MaxPageSize:
		row.Detail = fmt.Sprintf("limit=%d and limit=%d honoured", doctorLimit, kb.MaxPageSize)
		return row
	}
	more := big.Total != nil && *big.Total > n || big.HasMore != nil && *big.HasMore || big.NextCursor != "" || big.Next != ""
	if !more && big.Total == nil && big.HasMore == nil && !big.CursorGiven {
		// Nothing says whether more exist: ask for the next page of that size, as a sync would.
		next, err := r.in.Client.ListPage(ctx, l.resource, kb.PageRequest{Page: 2, Limit: kb.MaxPageSize, Query: l.query})
		more = err == nil && len(next.Items) > 0
	}
	if more {
		capped(kb.MaxPageSize, n)
		return row
	}
	row.Detail = fmt.Sprintf("limit=%d honoured; all %s fit in one page of %d", doctorLimit, plural(n, "item"), kb.MaxPageSize)
	return row
}

// fieldsRow checks that the items read can be decoded as kb sync and kb pull decode a listing
// (kb.CheckListing: every compared field present, of the JSON type atender reads), so a "differs" here is a
// sync that stops.
func fieldsRow(name string, items []json.RawMessage) Row {
	row := Row{Check: name + ": fields", Status: OK, ReliedOn: true, Detail: fmt.Sprintf("%s present on %s", strings.Join(kb.RequiredFields(name), ", "), plural(len(items), "item"))}
	if len(items) == 0 {
		row.Detail = "no items to check (the KB has none)"
		return row
	}
	if err := kb.CheckListing(name, items); err != nil {
		row.Status, row.Detail = Differs, err.Error()
	}
	return row
}

// timestampsRow checks the form of the articles' timestamps.
func timestampsRow(items []json.RawMessage) Row {
	row := Row{Check: "articles: timestamps", Status: OK, Detail: "RFC 3339 with a zone"}
	if len(items) == 0 {
		row.Detail = "no articles to check"
		return row
	}
	// Count each kind of difference and show its first example: one line, however many articles.
	kinds, examples := map[string]int{}, map[string]string{}
	var order []string
	note := func(kind, example string) {
		if kinds[kind] == 0 {
			order, examples[kind] = append(order, kind), example
		}
		kinds[kind]++
	}
	values := 0
	for i, it := range items {
		var m map[string]json.RawMessage
		if json.Unmarshal(it, &m) != nil {
			continue
		}
		for _, f := range []string{"createdAt", "updatedAt"} {
			values++
			v, ok := m[f]
			switch {
			case !ok || isNull(v):
				note("missing", fmt.Sprintf("item %d has no %s", i+1, f))
			case isRFC3339(v):
			default:
				if _, ok := kb.ParseTimestamp(v); ok {
					note("in another form (read)", fmt.Sprintf("item %d %s %s", i+1, f, clip(v)))
				} else {
					note("unreadable (kept as unknown)", fmt.Sprintf("item %d %s %s", i+1, f, clip(v)))
				}
			}
		}
	}
	if len(order) > 0 {
		parts := make([]string, len(order))
		for i, kind := range order {
			parts[i] = fmt.Sprintf("%d of %d values %s, e.g. %s", kinds[kind], values, kind, examples[kind])
		}
		row.Status, row.Detail = Differs, strings.Join(parts, "; ")
	}
	return row
}

func isRFC3339(v json.RawMessage) bool {
	var s string
	if json.Unmarshal(v, &s) != nil {
		return false
	}
	_, err := time.Parse(time.RFC3339Nano, s)
	return err == nil
}

// errorBody checks the shape of an error: GET of an article that cannot exist.
func (r *run) errorBody(ctx context.Context) {
	_, err := r.in.Client.GetArticle(ctx, facts.WriteProbeID)
	ex, _ := r.in.Recorder.Last()
	row := Row{Check: "error body", Status: OK}
	if st := kb.StatusOf(err); st != http.StatusNotFound {
		row.Status = Differs
		row.Detail = fmt.Sprintf("GET /articles/%s answered %d, not 404", facts.WriteProbeID, ex.Status)
		if err == nil {
			row.ReliedOn = true
			row.Detail += " with an article: a lookup by id cannot be trusted"
		}
		r.add(row)
		return
	}
	body := bytes.TrimSpace([]byte(ex.ResponseBody))
	var env struct {
		Error json.RawMessage `json:"error"`
		Code  json.RawMessage `json:"code"`
	}
	var inner struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	}
	switch {
	case json.Unmarshal(body, &env) != nil:
		row.Status, row.Detail = Differs, fmt.Sprintf("404 with a body that is not JSON (%s…): shown as text", clip(body))
	case env.Error != nil && json.Unmarshal(env.Error, &inner) == nil && inner.Code != "" && inner.Message != "":
		row.Detail = fmt.Sprintf(`404 {"error": {"code": %q, "message": …}}`, inner.Code)
	case env.Error != nil:
		row.Status, row.Detail = Differs, `404 with "error" but not {code, message} inside: read as far as possible`
	case env.Code != nil:
		row.Status, row.Detail = Differs, "404 with a flat {code, message} body, not under \"error\" (read anyway)"
	default:
		row.Status, row.Detail = Differs, "404 with a JSON body that has neither error nor code"
	}
	r.add(row)
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

func isNull(v json.RawMessage) bool { return string(bytes.TrimSpace(v)) == "null" }

// clip shows the start of a raw value, for a detail.
func clip(v []byte) string {
	s := strings.Join(strings.Fields(string(v)), " ")
	if r := []rune(s); len(r) > 40 {
		s = string(r[:40]) + "…"
	}
	return s
}

func (r *run) redact(s string) string { return kb.Redact(s, r.in.Config.APIKey) }
