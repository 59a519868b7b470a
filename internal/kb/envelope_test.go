package kb_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/atender/atender/internal/kb"
)

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
