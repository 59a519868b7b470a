package emulator

import (
	"encoding/json"
	"fmt"
	"github.com/atender/atender/internal/facts"
	"strconv"
	"strings"
)

// Shapes switch the emulator's replies to plausible differences of the real API (what a tolerant but
// suspicious client must read, or refuse, safely) and to a hostile server. The zero value is the contract as
// ../shared/atender-kb-api.md states or assumes it. Several shapes combine.
type Shapes struct {
	// ListKey is the key of the array in list envelopes: "" means "data"; "items" and "results" are taken
	// as they are; "plural" means the resource's plural name ("articles", "categories", "subcategories",
	// "tags"; search answers "articles").
	ListKey string
	// Bare makes lists bare JSON arrays holding every item: no envelope, no paging.
	Bare bool
	// IgnorePage ignores ?page=: every request gets the first page (and its hasMore).
	IgnorePage bool
	// CapLimit > 0 silently caps ?limit= to this many items: the envelope still echoes the requested limit
	// and hasMore is left out, so only total tells that more exist.
	CapLimit int
	// NoTotal leaves total out of list envelopes.
	NoTotal bool
	// Cursor pages by cursor: a reply with more to come carries nextCursor, the next request sends it as
	// ?cursor=; ?page= is ignored and the envelope has no page.
	Cursor bool
	// WrapData answers single objects as {"data": {…}}; WrapName as {"article": {…}} (the singular name).
	WrapData, WrapName bool
	// HideArticles is the fraction (0–1) of articles that article listings silently leave out, total
	// included. They still exist: a POST of a hidden article's slug makes slug-1, the real duplicate hazard.
	HideArticles float64
	// Timestamps renders every *At field as "unix" (seconds), "unix-ms" (milliseconds) or "no-zone" (RFC
	// 3339 without a zone); "" is RFC 3339 in UTC.
	Timestamps string
	// FlatErrors answers errors as {"code", "message", "details"} without the "error" wrapper.
	FlatErrors bool
	// Plain401 answers every 401 with "invalid API key", never mentioning the environment.
	Plain401 bool
	// EchoKey echoes the caller's key: in every error message, as apiKey in every error body, in the request
	// id (header and body) and in an X-Echo-Authorization header. A client must redact it in every sink.
	EchoKey bool
	// Redirect (301, 302 or 307) redirects every API request to http://<same host>/moved/<same path>, where
	// the API answers as usual (LogEntry.Followed tells such requests apart).
	Redirect int
	// Mistyped gives one field of the first article on every page of an article listing a value of another
	// JSON type than the contract's: "keywords" ([1]), "tagIds" ([null]) or "subcategoryId" (an object). A
	// client must refuse such a listing (and its doctor report it), not read the value as empty.
	Mistyped string
	// Hostile puts control characters, ESC sequences and a fake GitHub "::error" workflow command into every
	// id the server hands out, and starts an empty KB with one category and one published article whose
	// ids, titles and texts carry them.
	Hostile bool
}

// ShapeHelp documents every --shape value, in the order of the help text.
var ShapeHelp = [][2]string{
	{"items", `lists under "items" instead of "data"`},
	{"results", `lists under "results" instead of "data"`},
	{"plural", `lists under the plural resource name ("articles", "tags", …)`},
	{"bare", "lists as bare JSON arrays of everything (no envelope, no paging)"},
	{"ignore-page", "?page= ignored: every request gets page 1"},
	{"cap-limit[=N]", "?limit= silently capped to N (default 20), without hasMore"},
	{"no-total", "no total in list envelopes"},
	{"cursor", "cursor paging: nextCursor in the reply, ?cursor= in the request, ?page= ignored"},
	{"wrap-data", `single objects wrapped as {"data":{…}}`},
	{"wrap-name", `single objects wrapped as {"article":{…}} (the singular name)`},
	{"hide-articles[=F]", "article listings silently leave out a fraction F (default 0.33) of the articles"},
	{"time-unix", "timestamps as Unix seconds"},
	{"time-unix-ms", "timestamps as Unix milliseconds"},
	{"time-no-zone", "timestamps as RFC 3339 without a zone"},
	{"flat-errors", `error bodies {"code","message","details"} without the "error" wrapper`},
	{"plain-401", `401 messages never mention the environment`},
	{"echo-key", "the caller's key echoed in error messages, error bodies, the request id and a header (hostile)"},
	{"redirect-307", "every API request answered 307 to http:// on the same host (hostile)"},
	{"redirect-301", "every API request answered 301 (hostile)"},
	{"redirect-302", "every API request answered 302 (hostile)"},
	{"mistyped-keywords", `the first article of each listing page has "keywords": [1]`},
	{"mistyped-tagids", `the first article of each listing page has "tagIds": [null]`},
	{"mistyped-subcategory", `the first article of each listing page has an object as "subcategoryId"`},
	{"hostile", "control characters, ESC sequences and a fake ::error command in ids, titles and texts (hostile)"},
}

// ShapeNames lists the --shape values without their parameters, for completion.
func ShapeNames() []string {
	out := make([]string, len(ShapeHelp))
	for i, h := range ShapeHelp {
		out[i], _, _ = strings.Cut(h[0], "[")
	}
	return out
}

// ParseShapes reads --shape values: names from ShapeHelp, each item of a comma-separated list, some with
// =VALUE. Contradictory shapes (two list keys, two timestamp formats, two redirects, two wrappers) are errors.
func ParseShapes(specs ...string) (Shapes, error) {
	var sh Shapes
	set := map[string]string{} // group → the shape that set it
	claim := func(group, name string) error {
		if prev, ok := set[group]; ok && prev != name {
			return fmt.Errorf("shapes %s and %s contradict each other: pick one", prev, name)
		}
		set[group] = name
		return nil
	}
	for _, spec := range specs {
		for _, item := range strings.Split(spec, ",") {
			item = strings.TrimSpace(item)
			if item == "" {
				continue
			}
			name, val, hasVal := strings.Cut(item, "=")
			if hasVal && name != "cap-limit" && name != "hide-articles" {
				return sh, fmt.Errorf("shape %s takes no value", name)
			}
			if err := sh.set(name, val, hasVal, claim); err != nil {
				return sh, err
			}
		}
	}
	return sh, nil
}

// set switches on the shape name (with its =VALUE when hasVal); claim reserves a group of shapes that
// exclude each other.
func (sh *Shapes) set(name, val string, hasVal bool, claim func(group, name string) error) error {
	switch name {
	case "items", "results", "plural":
		sh.ListKey = name
		return claim("list key", name)
	case "bare":
		sh.Bare = true
	case "ignore-page":
		sh.IgnorePage = true
	case "cap-limit":
		return sh.setCapLimit(val, hasVal)
	case "no-total":
		sh.NoTotal = true
	case "cursor":
		sh.Cursor = true
	case "wrap-data", "wrap-name":
		sh.WrapData, sh.WrapName = name == "wrap-data", name == "wrap-name"
		return claim("wrapper", name)
	case "hide-articles":
		return sh.setHideArticles(val, hasVal)
	case "time-unix", "time-unix-ms", "time-no-zone":
		sh.Timestamps = strings.TrimPrefix(name, "time-")
		return claim("timestamps", name)
	case "flat-errors":
		sh.FlatErrors = true
	case "plain-401":
		sh.Plain401 = true
	case "echo-key":
		sh.EchoKey = true
	case "redirect-301", "redirect-302", "redirect-307":
		sh.Redirect, _ = strconv.Atoi(strings.TrimPrefix(name, "redirect-"))
		return claim("redirect", name)
	case "mistyped-keywords", "mistyped-tagids", "mistyped-subcategory":
		sh.Mistyped = mistypedFields[name]
		return claim("mistyped", name)
	case "hostile":
		sh.Hostile = true
	default:
		return fmt.Errorf("unknown shape %q: use one of %s", name, strings.Join(ShapeNames(), ", "))
	}
	return nil
}

// setCapLimit reads cap-limit[=N]: pages of at most N items (20 by default), whatever limit is asked for.
func (sh *Shapes) setCapLimit(val string, hasVal bool) error {
	sh.CapLimit = 20
	if hasVal {
		n, err := strconv.Atoi(val)
		if err != nil || n < 1 {
			return fmt.Errorf("shape cap-limit=%s: want a positive number of items", val)
		}
		sh.CapLimit = n
	}
	return nil
}

// setHideArticles reads hide-articles[=F]: listings leave out a fraction F of the articles (0.33 by default).
func (sh *Shapes) setHideArticles(val string, hasVal bool) error {
	sh.HideArticles = 0.33
	if hasVal {
		f, err := strconv.ParseFloat(val, 64)
		if err != nil || f <= 0 || f > 1 {
			return fmt.Errorf("shape hide-articles=%s: want a fraction above 0, at most 1", val)
		}
		sh.HideArticles = f
	}
	return nil
}

// mistypedFields maps the mistyped-* shapes to the field they spoil; mistypedValues is what the field then
// holds.
var (
	mistypedFields = map[string]string{"mistyped-keywords": "keywords", "mistyped-tagids": "tagIds", "mistyped-subcategory": "subcategoryId"}
	mistypedValues = map[string]any{"keywords": []any{1}, "tagIds": []any{nil}, "subcategoryId": map[string]any{"id": "sub_1", "slug": "s"}}
)

// mistype returns a page of articles whose first item carries the Mistyped value (see Shapes.Mistyped).
func (sh *Shapes) mistype(items any) any {
	b, err := json.Marshal(items)
	var out []map[string]any
	if err != nil || json.Unmarshal(b, &out) != nil || len(out) == 0 {
		return items
	}
	out[0][sh.Mistyped] = mistypedValues[sh.Mistyped]
	return out
}

// hostileText is what a hostile server puts into strings a client prints: an ESC sequence that clears a
// terminal, a carriage return, a fake GitHub workflow command on its own line, and a bell.
const hostileText = "\x1b[2J\x1b[31m\r\n::error file=README.md,line=1::injected by the server\x07"

// hidden reports whether the article at position i of the store is left out of listings: positions where
// floor(i·f) steps, so exactly a fraction f is hidden and a hidden article stays hidden as others are added.
func (sh *Shapes) hidden(i int) bool {
	f := sh.HideArticles
	return f > 0 && int(float64(i+1)*f) != int(float64(i)*f)
}

// seedHostile starts an empty knowledge base with one category and one published article whose ids, titles
// and texts carry hostileText, so that `kb pull`, `kb ls` and every report have something hostile to print.
func (s *Server) seedHostile() {
	now := s.opts.Now().UTC()
	st := s.st
	cat := &Category{ID: st.id("cat"), Title: "Hostile" + hostileText, Slug: "hostile", Description: "category" + hostileText}
	st.cats.add(cat)
	st.arts.add(&Article{ID: st.id("art"), Title: "Refunds" + hostileText, Slug: "hostile-article",
		Summary: "summary" + hostileText, Content: "# Refunds\n\nBody " + hostileText + "\n", CategoryID: cat.ID,
		TagIDs: []string{}, Keywords: []string{"hostile" + hostileText}, Status: facts.StatusPublished,
		CreatedAt: now, UpdatedAt: now, PublishedAt: &now})
}
