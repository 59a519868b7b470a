package bench

import (
	"context"
	"testing"
	"time"

	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/emulator/emulatortest"
	"github.com/atender/atender/internal/kb"
	"github.com/atender/atender/internal/syncrun"
)

// BenchmarkNoOpPlan10k is what a no-op sync of 10,000 articles does beyond kb validate, once the tree is
// loaded and the KB listed: the plan stage (conflict detection, ownership, the plan) and the report stage,
// on one tree and one index (as the sync builds them). BenchmarkNoOpSync10k measures the whole command;
// this one, in process and without the listing's traffic, shows what the planning itself costs.
func BenchmarkNoOpPlan10k(b *testing.B) {
	dir := genDocs(b, 10_000)
	h := emulatortest.Start(b, emulatortest.Options{})
	if err := atender(h, dir, nil); err != nil {
		b.Fatal(err)
	}
	f, _, _ := cmdutil.NewForTest(map[string]string{"ATENDER_BASE_URL": h.URL, "ATENDER_API_KEY": h.WriteKey}, dir)
	cfgFn := f.ConfigFunc(nil, dir)
	cfg, err := cfgFn()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	tree, err := syncrun.Load(ctx, cfg, dir, false)
	if err != nil {
		b.Fatal(err)
	}
	client := f.ClientFunc(cfgFn, nil)
	api, ix, err := syncrun.Connect(ctx, func() (kb.API, error) { return client() }, cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		p, err := syncrun.Plan(tree, ix, syncrun.PlanOptions{Config: cfg, OnConflict: cfg.OnConflict})
		if err != nil {
			b.Fatal(err)
		}
		res := syncrun.Result(p, nil, syncrun.ResultOptions{Config: cfg, Tree: tree, Requests: syncrun.Requests(api), Duration: time.Second})
		if res.Counts.Unchanged != 10_000 || res.Counts.Changes() != 0 {
			b.Fatalf("not a no-op: %+v", res.Counts)
		}
	}
}
