package inventory_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/atender/atender/internal/inventory"
	"github.com/atender/atender/internal/kb"
)

// Adversarial finding F12: an article listing that carries a field under another name (`body` for
// `content`, `category_id`, `category: {id}`, no `content` at all) was read as empty, and every sync PATCHed
// every article on every run. The inventory now refuses such a listing before planning, naming the missing
// field and the keys the items do have.
func TestFetchRefusesItemsLackingAComparedField(t *testing.T) {
	const cat = `{"id":"cat_1","slug":"general","title":"General"}`
	good := `"id":"art_1","slug":"a1","title":"A1","summary":"","content":"Body","categoryId":"cat_1","status":"published","tagIds":null,"keywords":[]`
	cases := []struct {
		name, article string
		want          []string // "" = Fetch succeeds
	}{
		{"all fields", `{` + good + `}`, nil},
		{"no subcategory key, null lists", `{` + good + `}`, nil},
		{"body for content", `{` + strings.Replace(good, `"content"`, `"body"`, 1) + `}`, []string{"lack content", `"body"`, `slug "a1"`, "GET /articles"}},
		{"no content at all", `{` + strings.Replace(good, `"content":"Body",`, ``, 1) + `}`, []string{"lack content"}},
		{"category_id and tag_ids", `{` + strings.NewReplacer(`"categoryId"`, `"category_id"`, `"tagIds"`, `"tag_ids"`).Replace(good) + `}`, []string{"lack categoryId, tagIds", `"category_id"`, `"tag_ids"`}},
		{"category object", `{` + strings.Replace(good, `"categoryId":"cat_1"`, `"category":{"id":"cat_1","slug":"general"}`, 1) + `}`, []string{"lack categoryId", `"category"`}},
		{"null content", `{` + strings.Replace(good, `"content":"Body"`, `"content":null`, 1) + `}`, []string{"lack content"}},
		{"subcategory under another name", `{` + good + `,"subcategory_id":"sub_1"}`, []string{"lack subcategoryId", `"subcategory_id"`}},
		{"subcategory object", `{` + good + `,"subcategory":{"id":"sub_1"}}`, []string{"lack subcategoryId"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				switch {
				case strings.HasSuffix(r.URL.Path, "/articles"):
					fmt.Fprintf(w, `{"data":[%s],"hasMore":false}`, tc.article)
				case strings.HasSuffix(r.URL.Path, "/categories"):
					fmt.Fprintf(w, `{"data":[%s],"hasMore":false}`, cat)
				default:
					fmt.Fprint(w, `{"data":[],"hasMore":false}`)
				}
			}))
			defer s.Close()
			c := kb.NewClient(kb.Options{BaseURL: s.URL + "/kb", APIKey: "sa_test_fields0123456789abcdef", Timeout: 5 * time.Second})
			r, err := inventory.Fetch(context.Background(), c)
			if tc.want == nil {
				if err != nil || len(r.Articles) != 1 || r.Articles[0].Content != "Body" {
					t.Fatalf("Fetch = %+v, %v; want the article", r, err)
				}
				return
			}
			var le *inventory.ListingError
			if !errors.As(err, &le) {
				t.Fatalf("Fetch = %+v, %v; want a *inventory.ListingError", r, err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}

// A taxonomy listing is checked too: a category without its title would be "renamed" on every run.
func TestFetchRefusesTaxonomyLackingAField(t *testing.T) {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case strings.HasSuffix(r.URL.Path, "/subcategories"):
			fmt.Fprint(w, `{"data":[{"id":"sub_1","slug":"s","title":"S","category_id":"cat_1"}],"hasMore":false}`)
		case strings.HasSuffix(r.URL.Path, "/tags"):
			fmt.Fprint(w, `{"data":[{"id":"tag_1","slug":"t","label":"T"}],"hasMore":false}`)
		default:
			fmt.Fprint(w, `{"data":[],"hasMore":false}`)
		}
	}))
	defer s.Close()
	c := kb.NewClient(kb.Options{BaseURL: s.URL + "/kb", APIKey: "sa_test_fields0123456789abcdef", Timeout: 5 * time.Second})
	_, err := inventory.Fetch(context.Background(), c)
	for _, w := range []string{"GET /subcategories: 1 of 1 items lack categoryId", `"category_id"`, "GET /tags: 1 of 1 items lack name", `"label"`} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("Fetch error %v does not say %q", err, w)
		}
	}
}

// Lists a server may leave out when empty (tagIds, keywords, subcategoryId) are accepted when absent, but not
// under another name: `tags` on one article is another spelling of tagIds.
func TestFetchAcceptsAbsentListsButNotRenamedOnes(t *testing.T) {
	for _, tc := range []struct{ extra, want string }{
		{``, ``},
		{`,"tags":[{"id":"tag_1"}]`, `lack tagIds (item 2 (slug "a2")`},
		{`,"key_words":["x"]`, `lack keywords`},
	} {
		s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			if strings.HasSuffix(r.URL.Path, "/articles") {
				fmt.Fprint(w, `{"data":[{"id":"art_1","slug":"a1","title":"A1","summary":null,"content":"B","categoryId":"c","status":"draft"},`+
					`{"id":"art_2","slug":"a2","title":"A2","summary":"","content":"B","categoryId":"c","status":"draft"`+tc.extra+`}],"hasMore":false}`)
				return
			}
			fmt.Fprint(w, `{"data":[],"hasMore":false}`)
		}))
		c := kb.NewClient(kb.Options{BaseURL: s.URL + "/kb", APIKey: "sa_test_fields0123456789abcdef", Timeout: 5 * time.Second})
		_, err := inventory.Fetch(context.Background(), c)
		s.Close()
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("extra %q: %v; want no error", tc.extra, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "2 of 2 items")):
			t.Errorf("extra %q: %v; want %q", tc.extra, err, tc.want)
		}
	}
}
