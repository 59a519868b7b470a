package inventory_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/atender/atender/internal/inventory"
	"github.com/atender/atender/internal/kb"
)

// endless answers every list with a reply that never ends: an envelope opened, then items forever (until
// the client hangs up).
func endless(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Write([]byte(`{"data":[`))
	item := []byte(strings.Repeat(`{"id":"x","slug":"y","title":"`+strings.Repeat("z", 900)+`"},`, 64))
	for {
		if _, err := w.Write(item); err != nil || r.Context().Err() != nil {
			return
		}
	}
}

// The four listings of an inventory run at once and share one reply budget: four endless replies together
// are refused after kb.ReplyBudget bytes between them, not after 64 MiB each. What the whole Fetch
// allocates (an upper bound of the memory it holds at any moment) stays under 300 MB.
//
// Measured: go test -race -count=1 -run TestFourEndlessRepliesShareOneBudget -v ./internal/inventory/
func TestFourEndlessRepliesShareOneBudget(t *testing.T) {
	s := httptest.NewServer(http.HandlerFunc(endless))
	defer s.Close()
	c := kb.NewClient(kb.Options{BaseURL: s.URL + "/kb", APIKey: "sa_test_budget0123456789abcdef", Clock: kb.WallClock{}, Timeout: 20 * time.Second, MaxRetries: 1})
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := inventory.Fetch(context.Background(), c)
	runtime.ReadMemStats(&after)
	if err == nil || !strings.Contains(err.Error(), "larger than 64 MiB") {
		t.Fatalf("Fetch = %v; want every endless listing refused", err)
	}
	if strings.Count(err.Error(), "larger than 64 MiB") != 4 {
		t.Errorf("want all four listings refused: %v", err)
	}
	if !strings.Contains(err.Error(), "together") {
		t.Errorf("no listing says the replies were too large together, so the budget is not shared: %v", err)
	}
	alloc := (after.TotalAlloc - before.TotalAlloc) >> 20
	t.Logf("four endless replies: %d MiB allocated in all, %d requests", alloc, c.Requests())
	if alloc >= 300 {
		t.Fatalf("four endless replies allocated %d MiB; want under 300", alloc)
	}
}
