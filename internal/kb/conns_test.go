package kb_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/atender/atender/internal/kb"
)

// The pages of a listing are read PageWorkers at once, and the connections that carried them stay open for
// what follows (the next listing, a sync's writes), instead of all but two being closed and dialled again: a
// TLS handshake each against the real API.
func TestAListingKeepsItsConnections(t *testing.T) {
	const pages = 2 + kb.PageWorkers // page 1, page 2, then one round of workers
	var dialled atomic.Int64
	var mu sync.Mutex
	arrived, release := 0, make(chan struct{})
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		if page > 2 {
			// A round of workers is held until all of it is in flight: it needs PageWorkers connections.
			mu.Lock()
			wait := release
			if arrived++; arrived == kb.PageWorkers {
				close(release)
				arrived, release = 0, make(chan struct{})
			}
			mu.Unlock()
			<-wait
		}
		w.Header().Set("Content-Type", "application/json")
		body, _ := slice(pages*10, page, 10)
		fmt.Fprintf(w, `{"data":%s,"page":%d,"total":%d}`, body, page, pages*10)
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			dialled.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	c := kb.NewClient(kb.Options{BaseURL: srv.URL + "/kb", APIKey: testKey, Clock: kb.NewFakeClock(), Timeout: 5 * time.Second})
	for run := 1; run <= 2; run++ {
		before := dialled.Load()
		items, err := kb.ListAll(context.Background(), c, "articles", nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(items) != pages*10 {
			t.Fatalf("%d items, want %d", len(items), pages*10)
		}
		if n := dialled.Load() - before; run == 2 && n > 0 {
			t.Fatalf("the second listing of %d pages (%d at once) dialled %d new connections; the first one's %d should have carried it",
				pages, kb.PageWorkers, n, before)
		}
	}
}
