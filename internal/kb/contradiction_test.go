package kb_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/atender/atender/internal/kb"
)

// A page that contradicts its own paging evidence must never end a listing: read as an end, it under-counts
// the KB and a sync creates every article it missed (adversarial finding F1: {"data": [], "hasMore": true}
// was read as an empty KB, and a sync created all 30 articles again).
func TestSelfContradictingPageIsAnErrorNamingTheEndpoint(t *testing.T) {
	one := `[{"id":"art_1","slug":"a-1","title":"A 1","categoryId":"cat_1"}]`
	cases := []struct {
		name, body, want string
	}{
		{"empty page with hasMore true", `{"data":[],"hasMore":true}`, `"hasMore": true`},
		{"empty page with a next cursor", `{"data":[],"nextCursor":"c2"}`, "next cursor or link"},
		{"empty page with a next link", `{"data":[],"next":"/kb/articles?cursor=c2"}`, "next cursor or link"},
		{"empty page while total says more", `{"data":[],"total":30}`, "total says 30 items and only 0 were read"},
		{"empty page 1 of 3", `{"data":[],"page":1,"totalPages":3}`, "page 1 of 3"},
		{"hasMore false while total says more", `{"data":` + one + `,"hasMore":false,"total":30}`, "total says 30 items and only 1 were read"},
		{"hasMore false on page 1 of 3", `{"data":` + one + `,"hasMore":false,"page":1,"totalPages":3}`, "page 1 of 3"},
		{"hasMore false with a next cursor", `{"data":` + one + `,"hasMore":false,"nextCursor":"c2"}`, `"hasMore": false) but gives a next cursor`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, client := serveList(t, func(*http.Request, int, int) string { return tc.body })
			got, err := client.ListArticles(context.Background(), kb.ListArticlesOptions{})
			var re *kb.ReplyError
			if !errors.As(err, &re) {
				t.Fatalf("ListArticles = %d articles, %v; want a *kb.ReplyError", len(got), err)
			}
			for _, w := range []string{"GET /articles", tc.want, "request req_odd"} {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}

// Pages that agree with themselves still end the listing as before.
func TestEndedOnConsistentPages(t *testing.T) {
	yes, no, zero, two := true, false, 0, 2
	items := []json.RawMessage{json.RawMessage(`{"id":"a"}`), json.RawMessage(`{"id":"b"}`)}
	cases := []struct {
		name string
		p    kb.Page
		read int
		want bool
	}{
		{"empty page, no evidence: an empty KB", kb.Page{}, 0, true},
		{"empty page, total 0, hasMore false", kb.Page{Total: &zero, HasMore: &no}, 0, true},
		{"empty page after the total was read", kb.Page{Total: &two}, 2, true},
		{"hasMore false, total reached", kb.Page{Items: items, HasMore: &no, Total: &two}, 2, true},
		{"hasMore true", kb.Page{Items: items, HasMore: &yes}, 2, false},
		{"cursor page without a next cursor", kb.Page{Items: items, CursorGiven: true}, 2, true},
		{"short page, no evidence: go on", kb.Page{Items: items}, 2, false},
		{"bare array", kb.Page{Items: items, Bare: true, HasMore: &yes}, 2, true},
	}
	for _, tc := range cases {
		p := tc.p
		p.Resource = "articles"
		got, err := kb.Ended(&p, tc.read)
		if err != nil || got != tc.want {
			t.Errorf("%s: Ended = %v, %v; want %v", tc.name, got, err, tc.want)
		}
	}
}

// A numeric id is refused, not converted, in a write reply as in a listing (see idProblem): a *kb.ReplyError
// saying so, which the apply stage reads as "created, id unknown".
func TestNumericIDInAWriteReplyIsAReplyError(t *testing.T) {
	_, client := serveList(t, func(*http.Request, int, int) string {
		return `{"id":7,"slug":"a-1","title":"A 1","categoryId":"cat_1"}`
	})
	got, err := client.CreateArticle(context.Background(), kb.ArticleCreate{Title: "A 1", Slug: "a-1", CategoryID: "cat_1"})
	var re *kb.ReplyError
	if !errors.As(err, &re) || !strings.Contains(err.Error(), `a numeric "id" (7)`) || kb.IsOutcomeUnknown(err) {
		t.Fatalf("CreateArticle = %+v, %v; want a *kb.ReplyError about the numeric id", got, err)
	}
}
