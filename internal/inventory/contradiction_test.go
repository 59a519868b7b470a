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

// Adversarial finding F1: every list answered {"data": [], "hasMore": true} while the KB held 30 articles;
// the inventory read an empty KB and kb sync created all 30 again. Any page that contradicts its own
// paging evidence stops the listing before planning, naming the endpoint.
func TestFetchRefusesASelfContradictingPage(t *testing.T) {
	item := `{"id":"x_1","slug":"x-1","title":"X","name":"X","categoryId":"cat_1"}`
	cases := []struct{ name, body, want string }{
		{"empty page says hasMore", `{"data":[],"hasMore":true}`, `"hasMore": true`},
		{"empty page with a next cursor", `{"data":[],"nextCursor":"c2"}`, "next cursor or link"},
		{"empty page 1 of 2", `{"data":[],"page":1,"totalPages":2}`, "page 1 of 2"},
		{"empty page while total says 30", `{"data":[],"total":30}`, "total says 30"},
		{"hasMore false on page 1 of 3", `{"data":[` + item + `],"hasMore":false,"totalPages":3}`, "page 1 of 3"},
		{"hasMore false with a next cursor", `{"data":[` + item + `],"hasMore":false,"nextCursor":"c2"}`, "next cursor or link"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				fmt.Fprint(w, tc.body)
			}))
			defer s.Close()
			c := kb.NewClient(kb.Options{BaseURL: s.URL + "/kb", APIKey: "sa_test_contradiction0123456789", Timeout: 5 * time.Second})
			r, err := inventory.Fetch(context.Background(), c)
			var le *inventory.ListingError
			if !errors.As(err, &le) {
				t.Fatalf("Fetch = %+v, %v; want a *inventory.ListingError", r, err)
			}
			for _, w := range []string{"GET /articles", "GET /categories", tc.want} {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}
