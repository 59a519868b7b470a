package docs

import (
	"context"
	"runtime"

	"golang.org/x/sync/errgroup"
)

// forEach calls fn(i) for every i in [0, n), at most GOMAXPROCS calls at a time: reading files and running
// goldmark dominate a load, and files are independent. Once ctx is done no new call starts, and forEach
// returns ctx's error after the calls already running have returned.
func forEach(ctx context.Context, n int, fn func(i int)) error {
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i := 0; i < n; i++ {
		if ctx.Err() != nil {
			break
		}
		g.Go(func() error {
			if ctx.Err() == nil {
				fn(i)
			}
			return nil
		})
	}
	_ = g.Wait() // the calls return no error; cancellation is ctx's
	return ctx.Err()
}
