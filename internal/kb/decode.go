package kb

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// listKeys are the envelope keys under which a list's array is accepted, besides the plural resource name
// (e.g. "articles"). The assumed shape is "data"; the others are common enough on other APIs that a server
// using one is read, not misread as empty.
var listKeys = []string{"data", "items", "results"}

// pagingHolders are objects in which paging fields may sit instead of the top level.
var pagingHolders = []string{"meta", "pagination", "paging", "page_info", "pageInfo"}

// decodePage reads one list reply. It accepts exactly two shapes: a bare JSON array (the whole list, no
// paging), or an object with exactly one array under one of listKeys or the resource name. Anything else is
// an error naming the top-level keys it received (never their values), so that a server speaking another
// dialect stops the run instead of looking like an empty knowledge base.
func decodePage(body []byte, resource string) (*Page, error) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return nil, errors.New("the list reply is empty (no JSON at all)")
	}
	p := &Page{Resource: resource}
	if body[0] != '[' && body[0] != '{' {
		return nil, fmt.Errorf("the list reply is neither a JSON object nor an array (it starts with %q)", snippet(body, 20))
	}
	if !json.Valid(body) {
		var v any
		return nil, fmt.Errorf("the list reply is not valid JSON: %w", json.Unmarshal(body, &v))
	}
	// Valid: the scanner takes it apart from here (see scan.go), without parsing it again.
	if body[0] == '[' {
		p.Items, p.Bare = scanArray(body), true
		return p, nil
	}
	top := scanObject(body).asMap()
	var found []string
	for _, k := range append(slices.Clone(listKeys), resource) {
		if v, ok := top[k]; ok && isArray(v) {
			found = append(found, k)
		}
	}
	switch len(found) {
	case 0:
		return nil, fmt.Errorf("the list reply has no array under %s or %q; it has the keys %s", quoteAll(listKeys), resource, keysOf(top))
	case 1:
	default:
		return nil, fmt.Errorf("the list reply is ambiguous: arrays under %s (keys %s)", quoteAll(found), keysOf(top))
	}
	p.Envelope = found[0]
	p.Items = scanArray(top[p.Envelope])
	if err := readPaging(p, top); err != nil {
		return nil, err
	}
	return p, nil
}

// readPaging collects the paging evidence from the top level and from a meta/pagination object.
func readPaging(p *Page, top map[string]json.RawMessage) error {
	scopes := []map[string]json.RawMessage{top}
	for _, h := range pagingHolders {
		var inner map[string]json.RawMessage
		if v, ok := top[h]; ok && json.Unmarshal(v, &inner) == nil {
			scopes = append(scopes, inner)
		}
	}
	for _, s := range scopes {
		for _, read := range []func(*Page, map[string]json.RawMessage) error{readCounts, readHasMore, readCursor, readNext} {
			if err := read(p, s); err != nil {
				return err
			}
		}
	}
	links := map[string]json.RawMessage{}
	if v, ok := top["links"]; ok {
		_ = json.Unmarshal(v, &links)
	}
	if v, ok := links["next"]; ok {
		p.CursorGiven = true
		if !isNull(v) && p.Next == "" {
			_ = json.Unmarshal(v, &p.Next)
		}
	}
	return nil
}

// countKeys are the spellings of the numbers of the paging evidence, first found wins.
var countKeys = []struct {
	dst  func(*Page) **int
	keys []string
}{
	{func(p *Page) **int { return &p.Total }, []string{"total", "totalCount", "total_count"}},
	{func(p *Page) **int { return &p.PageNo }, []string{"page", "currentPage", "current_page"}},
	{func(p *Page) **int { return &p.Limit }, []string{"limit", "perPage", "per_page", "pageSize"}},
	{func(p *Page) **int { return &p.Pages }, []string{"totalPages", "total_pages", "pageCount"}},
}

// readCounts reads total, page, limit and the page count of one scope. An unreadable number is ignored,
// except total: it decides when paging ends and is cross-checked, so unreadable it must not be mistaken
// for absent.
func readCounts(p *Page, s map[string]json.RawMessage) error {
	for _, f := range countKeys {
		dst := f.dst(p)
		for _, k := range f.keys {
			v, ok := s[k]
			if *dst != nil || !ok || isNull(v) {
				continue
			}
			n, err := readInt(v)
			switch {
			case err == nil:
				*dst = &n
			case dst == &p.Total:
				return fmt.Errorf("the list reply's %q is not a whole number: %w", k, err)
			}
		}
	}
	return nil
}

func readHasMore(p *Page, s map[string]json.RawMessage) error {
	for _, k := range []string{"hasMore", "has_more", "hasNextPage", "has_next_page"} {
		if v, ok := s[k]; ok && p.HasMore == nil && !isNull(v) {
			var b bool
			if err := json.Unmarshal(v, &b); err != nil {
				return fmt.Errorf("the list reply's %q is not true or false", k)
			}
			p.HasMore = &b
		}
	}
	return nil
}

func readCursor(p *Page, s map[string]json.RawMessage) error {
	for _, k := range []string{"nextCursor", "next_cursor", "cursor", "endCursor"} {
		if v, ok := s[k]; ok {
			p.CursorGiven = true
			if p.NextCursor == "" && !isNull(v) {
				if err := json.Unmarshal(v, &p.NextCursor); err != nil {
					return fmt.Errorf("the list reply's %q is not a string", k)
				}
			}
		}
	}
	return nil
}

func readNext(p *Page, s map[string]json.RawMessage) error {
	if v, ok := s["next"]; ok && !isArray(v) {
		p.CursorGiven = true
		if !isNull(v) && p.Next == "" {
			if err := json.Unmarshal(v, &p.Next); err != nil {
				return errors.New(`the list reply's "next" is not a string`)
			}
		}
	}
	return nil
}

func readInt(v json.RawMessage) (int, error) {
	var n json.Number
	s := strings.Trim(string(v), `"`)
	if err := json.Unmarshal([]byte(s), &n); err != nil {
		return 0, fmt.Errorf("%q", snippet(v, 20))
	}
	i, err := strconv.Atoi(n.String())
	if err != nil || i < 0 {
		return 0, fmt.Errorf("%q", snippet(v, 20))
	}
	return i, nil
}

func isArray(v json.RawMessage) bool {
	v = bytes.TrimSpace(v)
	return len(v) > 0 && v[0] == '['
}

func isNull(v json.RawMessage) bool { return string(bytes.TrimSpace(v)) == "null" }

// keysOf lists an object's keys, sorted and quoted; never its values (they may hold content or secrets).
func keysOf(m map[string]json.RawMessage) string {
	if len(m) == 0 {
		return "(none: an empty object)"
	}
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	if len(ks) > 20 {
		ks = append(ks[:20], fmt.Sprintf("… %d more", len(m)-20))
	}
	return quoteAll(ks)
}

func quoteAll(ks []string) string {
	q := make([]string, len(ks))
	for i, k := range ks {
		q[i] = strconv.Quote(k)
	}
	return strings.Join(q, ", ")
}

// snippet returns the first n runes of b, for error messages (callers redact).
func snippet(b []byte, n int) string {
	s := strings.ToValidUTF8(string(b), "?")
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// idProblem says what is wrong with an object's "id" ("" when it is a non-empty string).
func idProblem(raw json.RawMessage) string {
	_, p := readID(raw)
	return p
}

// readID reads an object's "id" (raw: valid JSON, or nil when absent): the id, or what is wrong with it. A
// numeric id is refused, not converted: Atender's ids are strings (art_…), and a server answering numbers
// follows another contract, in which atender would have to guess how to send them back (in URLs,
// categoryId, tagIds).
func readID(raw json.RawMessage) (id, problem string) {
	raw = bytes.TrimSpace(raw)
	switch {
	case len(raw) == 0 || string(raw) == "null":
		return "", `no "id"`
	case readString(raw, &id) && id != "":
		return id, ""
	case raw[0] == '-' || raw[0] >= '0' && raw[0] <= '9':
		return "", fmt.Sprintf(`a numeric "id" (%s) where Atender's ids are strings; atender does not guess how to send a number back`, snippet(raw, 24))
	}
	return "", `no string "id"`
}

// decodeOne reads a single object: bare, or wrapped once in "data" or in the singular resource name
// (e.g. {"article": {...}}), both seen in Atender material and elsewhere.
func decodeOne(body []byte, singular string, out any) error {
	body = bytes.TrimSpace(body)
	switch {
	case len(body) > 0 && body[0] == '[':
		return errors.New("the reply is a list (a JSON array) where one object was expected")
	case len(body) == 0 || body[0] != '{':
		return fmt.Errorf("the reply is not a JSON object (it starts with %q)", snippet(body, 20))
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(body, &top); err != nil {
		return fmt.Errorf("the reply is not valid JSON: %w", err)
	}
	for _, k := range listKeys {
		if v, ok := top[k]; ok && isArray(v) {
			// A redirected POST turned into a GET answers with a list: it must never pass for a created
			// object.
			return fmt.Errorf("the reply is a list (an array under %q) where one object was expected", k)
		}
	}
	for _, k := range []string{"data", singular} {
		if v, ok := top[k]; ok && k != "" && len(bytes.TrimSpace(v)) > 0 && bytes.TrimSpace(v)[0] == '{' {
			return json.Unmarshal(v, out)
		}
	}
	return json.Unmarshal(body, out)
}
