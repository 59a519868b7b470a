package apply_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/atender/atender/internal/apply"
	"github.com/atender/atender/internal/docs"
	"github.com/atender/atender/internal/emulator/emulatortest"
	"github.com/atender/atender/internal/facts"
	"github.com/atender/atender/internal/inventory"
	"github.com/atender/atender/internal/kb"
	"github.com/atender/atender/internal/kb/fakeclock"
	"github.com/atender/atender/internal/plan"
)

// genDocs writes n articles over three categories, a subcategory and a few tags.
func genDocs(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	for i := 0; i < n; i++ {
		sub := filepath.Join(dir, fmt.Sprintf("cat-%d", i%3))
		if i%5 == 0 {
			sub = filepath.Join(sub, "deep")
		}
		os.MkdirAll(sub, 0o755)
		body := fmt.Sprintf("---\ntitle: Article %d\ntags: [t%d, common]\nkeywords: [k%d]\nstatus: published\n---\nText of article %d.\n", i, i%4, i, i)
		os.WriteFile(filepath.Join(sub, fmt.Sprintf("a-%03d.md", i)), []byte(body), 0o644)
	}
	return dir
}

func loadTree(t *testing.T, dir string) *docs.Tree {
	t.Helper()
	tr, err := docs.Load(dir, docs.Options{})
	if err != nil || tr.Errors() > 0 {
		t.Fatalf("tree: %v %v", err, tr.Diagnostics)
	}
	return tr
}

func client(h *emulatortest.Harness) *kb.Client {
	return kb.NewClient(kb.Options{BaseURL: h.URL, APIKey: h.WriteKey, BackoffBase: time.Millisecond, MaxRetryAfter: 20 * time.Millisecond, Timeout: 2 * time.Second, Clock: fakeclock.New()})
}

func remote(t *testing.T, c *kb.Client) *inventory.Remote {
	t.Helper()
	var err error
	for i := 0; i < 5; i++ { // listing is idempotent; retry through injected faults
		var r *inventory.Remote
		if r, err = inventory.Fetch(context.Background(), c); err == nil {
			return r
		}
	}
	t.Fatalf("listing: %v", err)
	return nil
}

func sync(t *testing.T, c *kb.Client, tr *docs.Tree, o plan.Options, ao apply.Options) (*plan.Plan, *apply.Report) {
	t.Helper()
	r := remote(t, c)
	p := plan.Make(tr, inventory.NewIndex(r), o)
	return p, apply.Apply(context.Background(), c, p, ao)
}

// assertMirrors checks that the emulator holds exactly the tree: one article per page, same slug, title,
// content and status, and no duplicate.
func assertMirrors(t *testing.T, h *emulatortest.Harness, tr *docs.Tree) {
	t.Helper()
	arts := h.Articles()
	bySlug := map[string]emulatortest.Article{}
	for _, a := range arts {
		if _, dup := bySlug[a.Slug]; dup {
			t.Fatalf("two articles with slug %s", a.Slug)
		}
		bySlug[a.Slug] = a
	}
	if len(arts) != len(tr.Pages) {
		var extra []string
		for _, a := range arts {
			extra = append(extra, a.Slug)
		}
		t.Fatalf("emulator holds %d articles, tree has %d: %v", len(arts), len(tr.Pages), extra)
	}
	for _, p := range tr.Pages {
		a, ok := bySlug[p.Slug]
		if !ok || a.Title != p.Title || plan.NormalizeContent(a.Content) != plan.NormalizeContent(p.Content) || a.Status != p.Status {
			t.Fatalf("article %s differs: %+v", p.Slug, a)
		}
	}
}

func TestFirstSyncThenNoWrites(t *testing.T) {
	t.Parallel()
	h := emulatortest.Start(t, emulatortest.Options{})
	c := client(h)
	tr := loadTree(t, genDocs(t, 30))
	p, rep := sync(t, c, tr, plan.Options{}, apply.Options{Concurrency: 4})
	if rep.Failed() != 0 || p.Count(plan.Create) != 30 {
		t.Fatalf("first sync: %d failed, %d creates", rep.Failed(), p.Count(plan.Create))
	}
	assertMirrors(t, h, tr)
	h.ResetLog()
	p, _ = sync(t, c, tr, plan.Options{}, apply.Options{})
	if p.Writes() != 0 || h.Writes() != 0 {
		t.Fatalf("second sync planned %d writes and sent %d", p.Writes(), h.Writes())
	}
}

func TestUpdateSendsOnlyChangedFieldsAndKeepsSlugOnTitleChange(t *testing.T) {
	t.Parallel()
	h := emulatortest.Start(t, emulatortest.Options{})
	c := client(h)
	dir := genDocs(t, 3)
	sync(t, c, loadTree(t, dir), plan.Options{}, apply.Options{})
	f := filepath.Join(dir, "cat-1", "a-001.md")
	os.WriteFile(f, []byte("---\ntitle: A brand new title\ntags: [t1, common]\nkeywords: [k1]\nstatus: published\n---\nText of article 1.\n"), 0o644)
	h.ResetLog()
	tr := loadTree(t, dir)
	_, rep := sync(t, c, tr, plan.Options{}, apply.Options{})
	if rep.Failed() != 0 {
		t.Fatal(rep.Results)
	}
	var patches []emulatortest.LogEntry
	for _, e := range h.Log() {
		if e.Method != "GET" {
			patches = append(patches, e)
		}
	}
	if len(patches) != 1 || patches[0].Route != "PATCH /articles/{id}" {
		t.Fatalf("writes: %+v", patches)
	}
	if patches[0].Body != `{"title":"A brand new title","slug":"a-001"}` {
		t.Fatalf("PATCH body %s; want only the title, with the slug so Atender keeps it", patches[0].Body)
	}
	assertMirrors(t, h, tr)
}

// The hazard test: 10% 5xx, 5% replies lost after the write committed, and bursts of 429. After a few
// reruns the emulator holds exactly the tree, with no duplicate at any point.
func TestFaultsConvergeWithoutDuplicates(t *testing.T) {
	t.Parallel()
	h := emulatortest.Start(t, emulatortest.Options{FaultRate: 0.10, LostReplyRate: 0.05, Seed: 42})
	c := client(h)
	tr := loadTree(t, genDocs(t, 60))
	converged := false
	for run := 1; run <= 5; run++ {
		h.Storm429(3, 1)
		p, rep := sync(t, c, tr, plan.Options{}, apply.Options{Concurrency: 4})
		slugs := map[string]bool{}
		for _, a := range h.Articles() {
			if slugs[a.Slug] || strings.HasSuffix(a.Slug, "-1") {
				t.Fatalf("run %d: duplicate article %s", run, a.Slug)
			}
			slugs[a.Slug] = true
		}
		t.Logf("run %d: %d writes planned, %d failed", run, p.Writes(), rep.Failed())
		if p.Writes() == 0 {
			converged = true
			break
		}
	}
	if !converged {
		t.Fatal("did not converge in 5 runs")
	}
	h.SetFaults(0, 0)
	assertMirrors(t, h, tr)
	var lost, faults int
	for _, e := range h.Log() {
		if e.Lost {
			lost++
		}
		if e.Fault {
			faults++
		}
	}
	if lost == 0 || faults == 0 {
		t.Fatalf("the test injected %d lost replies and %d faults; it proves nothing without both", lost, faults)
	}
}

func TestLostCreateReplyIsResolvedByLookup(t *testing.T) {
	t.Parallel()
	h := emulatortest.Start(t, emulatortest.Options{})
	c := client(h)
	tr := loadTree(t, genDocs(t, 3))
	sync(t, c, &docs.Tree{Categories: tr.Categories, Subcategories: tr.Subcategories}, plan.Options{}, apply.Options{})
	r := remote(t, c)
	// Tags must exist before every create's reply is lost.
	p := plan.Make(tr, inventory.NewIndex(r), plan.Options{})
	rep := apply.Apply(context.Background(), c, &plan.Plan{Known: p.Known, Actions: onlyKinds(p, plan.CreateTag)}, apply.Options{})
	if rep.Failed() > 0 {
		t.Fatal(rep.Results[0].Err)
	}
	r = remote(t, c)
	p = plan.Make(tr, inventory.NewIndex(r), plan.Options{})
	h.SetFaults(0, 1)
	h.ResetLog()
	rep = apply.Apply(context.Background(), c, p, apply.Options{})
	for _, x := range rep.Results {
		if x.Status != apply.OK || x.ID == "" {
			t.Fatalf("%s: %s %v (id %q); a create whose reply was lost must be found by its slug", x.Action.Slug, x.Status, x.Err, x.ID)
		}
	}
	if n := h.Counts()["POST /articles"]; n != 3 {
		t.Fatalf("POST /articles sent %d times for 3 articles; a lost reply must not be replayed blindly", n)
	}
	h.SetFaults(0, 0)
	assertMirrors(t, h, tr)
}

func onlyKinds(p *plan.Plan, k plan.Kind) []*plan.Action {
	var out []*plan.Action
	for _, a := range p.Actions {
		if a.Kind == k {
			out = append(out, a)
		}
	}
	return out
}

// A stale listing (someone created the article after we listed) makes the planner create again: the reply's
// -1 slug trips the breaker, and the duplicate is deleted again, named in the error.
func TestSlugSuffixTripsTheBreakerAndTheDuplicateIsDeleted(t *testing.T) {
	t.Parallel()
	h := emulatortest.Start(t, emulatortest.Options{})
	c := client(h)
	tr := loadTree(t, genDocs(t, 1))
	sync(t, c, tr, plan.Options{}, apply.Options{})
	holder := h.Articles()[0].ID
	r := remote(t, c)
	r.Articles = nil
	p := plan.Make(tr, inventory.NewIndex(r), plan.Options{})
	rep := apply.Apply(context.Background(), c, p, apply.Options{PublicURL: func(s string) string { return "https://kb.example/knowledge/" + s }})
	var got *apply.Result
	for _, x := range rep.Results {
		if x.Action.Kind == plan.Create {
			got = x
		}
	}
	if got == nil || got.Status != apply.Failed || got.Slug != "a-000-1" || !strings.Contains(got.Err.Error(), got.ID) || !strings.Contains(got.Err.Error(), "deleted again") {
		t.Fatalf("want a failure naming the duplicate's id and -1 slug, deleted again; got %+v", got)
	}
	if arts := h.Articles(); len(arts) != 1 || arts[0].ID != holder {
		t.Fatalf("the duplicate remains: %+v", arts)
	}
	if !strings.Contains(rep.Stopped, "a-000 came back as a-000-1") || !strings.Contains(rep.Stopped, "deleted again (a-000-1)") {
		t.Fatalf("no explanation of the stop: %q", rep.Stopped)
	}
}

// The breaker's promise: with a listing that hides a third of 300 articles, no duplicate remains, and never
// more than --concurrency duplicates existed at any moment (read from the emulator's request log).
func TestBreakerBoundsDuplicatesWhenTheListingHidesArticles(t *testing.T) {
	t.Parallel()
	const n, conc = 300, 4
	h := emulatortest.Start(t, emulatortest.Options{Latency: 2 * time.Millisecond})
	c := client(h)
	tr := loadTree(t, genDocs(t, n))
	sync(t, c, tr, plan.Options{}, apply.Options{Concurrency: 8})
	assertMirrors(t, h, tr)
	dir := tr.Root
	for i := 0; i < n; i++ { // every article changes, so updates and creates interleave
		p := filepath.Join(dir, fmt.Sprintf("cat-%d", i%3))
		if i%5 == 0 {
			p = filepath.Join(p, "deep")
		}
		p = filepath.Join(p, fmt.Sprintf("a-%03d.md", i))
		b, _ := os.ReadFile(p)
		os.WriteFile(p, append(b, []byte("More.\n")...), 0o644)
	}
	tr = loadTree(t, dir)
	r := remote(t, c)
	var shown []kb.Article
	for i, a := range r.Articles {
		if i%3 != 1 {
			shown = append(shown, a)
		}
	}
	r.Articles = shown
	p := plan.Make(tr, inventory.NewIndex(r), plan.Options{})
	if p.Count(plan.Create) != n/3 {
		t.Fatalf("%d creates planned, want %d", p.Count(plan.Create), n/3)
	}
	h.ResetLog()
	rep := apply.Apply(context.Background(), c, p, apply.Options{Concurrency: conc})
	// Walk the log: a 201 on POST /articles made a duplicate (every planned create exists already), a 204
	// on DELETE removed one.
	live, peak, made := 0, 0, 0
	for _, e := range h.Log() {
		switch {
		case e.Route == "POST /articles" && e.Status == 201:
			live++
			made++
		case e.Route == "DELETE /articles/{id}" && e.Status == 204:
			live--
		}
		peak = max(peak, live)
	}
	t.Logf("%d duplicates made, at most %d at once", made, peak)
	if made == 0 || peak > conc || live != 0 {
		t.Fatalf("%d duplicates made, at most %d at once (limit %d), %d left", made, peak, conc, live)
	}
	seen := map[string]bool{}
	for _, a := range h.Articles() {
		if seen[a.Slug] || strings.HasSuffix(a.Slug, "-1") {
			t.Fatalf("duplicate %s remains", a.Slug)
		}
		seen[a.Slug] = true
	}
	if len(seen) != n {
		t.Fatalf("%d articles, want %d", len(seen), n)
	}
	var failed, skipped, updated int
	for _, x := range rep.Results {
		switch {
		case x.Status == apply.Failed:
			failed++
		case x.Status == apply.Skipped && x.Action.Kind == plan.Create:
			skipped++
		case x.Status == apply.OK && x.Action.Kind == plan.Update:
			updated++
		}
	}
	if failed != made || skipped != n/3-made || rep.Stopped == "" {
		t.Fatalf("%d failed (want %d), %d creates skipped (want %d), stopped %q", failed, made, skipped, n/3-made, rep.Stopped)
	}
	if updated != n-n/3 {
		t.Fatalf("%d updates done, want %d: updates by id are safe and go on", updated, n-n/3)
	}
}

// If the duplicate cannot be deleted, it is named with its id and URL for removal by hand.
func TestBreakerNamesADuplicateItCannotDelete(t *testing.T) {
	t.Parallel()
	h := emulatortest.Start(t, emulatortest.Options{})
	c := client(h)
	tr := loadTree(t, genDocs(t, 1))
	sync(t, c, tr, plan.Options{}, apply.Options{})
	r := remote(t, c)
	r.Articles = nil
	p := plan.Make(tr, inventory.NewIndex(r), plan.Options{})
	rep := apply.Apply(context.Background(), noDelete{c}, p, apply.Options{PublicURL: func(s string) string { return "https://kb.example/knowledge/" + s }})
	var got *apply.Result
	for _, x := range rep.Results {
		if x.Action.Kind == plan.Create {
			got = x
		}
	}
	if got == nil || got.Status != apply.Failed || !strings.Contains(got.Err.Error(), "id "+got.ID) || !strings.Contains(got.Err.Error(), "https://kb.example/knowledge/a-000-1") {
		t.Fatalf("want the duplicate named with id and URL; got %+v", got)
	}
	if len(h.Articles()) != 2 || !strings.Contains(rep.Stopped, "must be deleted in Atender") {
		t.Fatalf("%d articles; stopped %q", len(h.Articles()), rep.Stopped)
	}
}

type noDelete struct{ kb.API }

func (noDelete) DeleteArticle(context.Context, string) error {
	return &kb.APIError{Method: "DELETE", Path: "/articles/x", Status: 403, Message: "missing scope"}
}

func TestPruneIsCancelledAfterAFailure(t *testing.T) {
	t.Parallel()
	h := emulatortest.Start(t, emulatortest.Options{})
	c := client(h)
	dir := genDocs(t, 4)
	sync(t, c, loadTree(t, dir), plan.Options{}, apply.Options{})
	os.Remove(filepath.Join(dir, "cat-0", "a-003.md")) // cat-0 stays managed through a-000
	os.WriteFile(filepath.Join(dir, "cat-2", "a-002.md"), []byte("---\ntitle: Changed\nstatus: published\n---\nNew.\n"), 0o644)
	tr := loadTree(t, dir)
	r := remote(t, c)
	p := plan.Make(tr, inventory.NewIndex(r), plan.Options{Prune: true})
	if p.Count(plan.Archive) != 1 || p.Count(plan.Update) != 1 {
		t.Fatalf("plan: %d archive %d update", p.Count(plan.Archive), p.Count(plan.Update))
	}
	h.FailNext(20) // the update fails through every retry
	rep := apply.Apply(context.Background(), c, p, apply.Options{MaxDelete: 10})
	if rep.PruneCancelled == "" {
		t.Fatal("prune ran after a failure")
	}
	for _, a := range h.Articles() {
		if a.Status == facts.StatusArchived {
			t.Fatal("an article was archived after an earlier error")
		}
	}
}

func TestInterruptStartsNothingNewAndRerunConverges(t *testing.T) {
	t.Parallel()
	h := emulatortest.Start(t, emulatortest.Options{Latency: 5 * time.Millisecond})
	c := client(h)
	tr := loadTree(t, genDocs(t, 40))
	ctx, cancel := context.WithCancel(context.Background())
	r := remote(t, c)
	p := plan.Make(tr, inventory.NewIndex(r), plan.Options{Prune: true})
	rep := apply.Apply(ctx, c, p, apply.Options{Concurrency: 2, Progress: func(done, total int) {
		if done == 15 {
			cancel()
		}
	}})
	if !rep.Interrupted {
		t.Fatal("report does not say interrupted")
	}
	okN, skipped := 0, 0
	for _, x := range rep.Results {
		switch x.Status {
		case apply.OK:
			okN++
		case apply.Skipped:
			skipped++
		case apply.Failed:
			t.Fatalf("an interrupted request must finish, not fail: %v", x.Err)
		}
	}
	if skipped == 0 || len(h.Articles()) >= 40 || okN < 15 {
		t.Fatalf("%d done, %d skipped, %d articles: the interrupt did not stop new work, or lost finished work", okN, skipped, len(h.Articles()))
	}
	_, rep = sync(t, c, tr, plan.Options{}, apply.Options{})
	if rep.Failed() != 0 {
		t.Fatal("rerun failed")
	}
	assertMirrors(t, h, tr)
	if p2, _ := sync(t, c, tr, plan.Options{}, apply.Options{}); p2.Writes() != 0 {
		t.Fatalf("third run planned %d writes", p2.Writes())
	}
}

func TestFailFastStopsScheduling(t *testing.T) {
	t.Parallel()
	h := emulatortest.Start(t, emulatortest.Options{})
	c := client(h)
	dir := genDocs(t, 10)
	tr := loadTree(t, dir)
	r := remote(t, c)
	p := plan.Make(tr, inventory.NewIndex(r), plan.Options{})
	// Break the first article: its category cannot be created because a read-only key is used for it.
	ro := kb.NewClient(kb.Options{BaseURL: h.URL, APIKey: h.ReadKey})
	rep := apply.Apply(context.Background(), ro, p, apply.Options{FailFast: true, Concurrency: 1})
	if rep.Failed() == 0 {
		t.Fatal("expected failures with a read-only key")
	}
	skipped := 0
	for _, x := range rep.Results {
		if x.Status == apply.Skipped {
			skipped++
		}
	}
	if skipped == 0 {
		t.Fatal("--fail-fast started every action anyway")
	}
}

// A tag or subcategory create whose reply was lost is found by its slug, not posted again.
func TestLostTagAndSubcategoryRepliesAreLookedUp(t *testing.T) {
	t.Parallel()
	h := emulatortest.Start(t, emulatortest.Options{})
	c := client(h)
	tr := loadTree(t, genDocs(t, 6))
	r := remote(t, c)
	p := plan.Make(tr, inventory.NewIndex(r), plan.Options{})
	cats := &plan.Plan{Known: p.Known, Actions: onlyKinds(p, plan.CreateCategory)}
	if rep := apply.Apply(context.Background(), c, cats, apply.Options{}); rep.Failed() > 0 {
		t.Fatal(rep.Results[0].Err)
	}
	r = remote(t, c)
	p = plan.Make(tr, inventory.NewIndex(r), plan.Options{})
	rest := &plan.Plan{Known: p.Known, Actions: append(onlyKinds(p, plan.CreateSubcategory), onlyKinds(p, plan.CreateTag)...)}
	h.SetFaults(0, 1)
	h.ResetLog()
	rep := apply.Apply(context.Background(), c, rest, apply.Options{})
	for _, x := range rep.Results {
		if x.Status != apply.OK || x.ID == "" {
			t.Fatalf("%s %s: %s %v", x.Action.Kind, x.Slug, x.Status, x.Err)
		}
	}
	counts := h.Counts()
	if counts["POST /tags"] != len(onlyKinds(p, plan.CreateTag)) || counts["POST /subcategories"] != len(onlyKinds(p, plan.CreateSubcategory)) {
		t.Fatalf("creates replayed after lost replies: %v", counts)
	}
	h.SetFaults(0, 0)
	snap := h.Snapshot()
	if len(snap.Tags) != 5 || len(snap.Subcategories) != 2 {
		t.Fatalf("%d tags, %d subcategories; want 5 and 2", len(snap.Tags), len(snap.Subcategories))
	}
}

// subsIgnoringFilter is a server that ignores the categoryId filter of GET /subcategories.
type subsIgnoringFilter struct{ kb.API }

func (s subsIgnoringFilter) ListSubcategories(ctx context.Context, _ string) ([]kb.Subcategory, error) {
	return s.API.ListSubcategories(ctx, "")
}

// A lost subcategory-create reply is resolved by slug and category: the same slug under another category
// (listed first, by a server that ignores the filter) is not taken for it.
func TestLostSubcategoryReplyIsResolvedBySlugAndCategory(t *testing.T) {
	t.Parallel()
	h := emulatortest.Start(t, emulatortest.Options{})
	h.Seed(emulatortest.Snapshot{
		Categories:    []emulatortest.Category{{ID: "cat_other", Slug: "other", Title: "Other"}, {ID: "cat_0", Slug: "cat-0", Title: "cat-0"}},
		Subcategories: []emulatortest.Subcategory{{ID: "sub_other", CategoryID: "cat_other", Slug: "deep", Title: "Deep"}},
		Tags:          []emulatortest.Tag{{ID: "tag_0", Slug: "t0", Name: "t0"}, {ID: "tag_c", Slug: "common", Name: "common"}},
	})
	c := client(h)
	tr := loadTree(t, genDocs(t, 1)) // cat-0/deep/a-000.md
	r := remote(t, c)
	p := plan.Make(tr, inventory.NewIndex(r), plan.Options{})
	subs := &plan.Plan{Known: p.Known, Actions: onlyKinds(p, plan.CreateSubcategory)}
	if len(subs.Actions) != 1 {
		t.Fatalf("plan: %v", p.Actions)
	}
	h.SetFaults(0, 1)
	rep := apply.Apply(context.Background(), subsIgnoringFilter{c}, subs, apply.Options{})
	h.SetFaults(0, 0)
	x := rep.Results[0]
	var made *emulatortest.Subcategory
	for _, s := range h.Snapshot().Subcategories {
		if s.CategoryID == "cat_0" {
			made = &s
		}
	}
	if x.Status != apply.OK || made == nil || x.ID != made.ID {
		t.Fatalf("result %s id %q (%v); the subcategory made under cat-0 is %+v", x.Status, x.ID, x.Err, made)
	}
	if n := h.Counts()["POST /subcategories"]; n != 1 {
		t.Fatalf("POST /subcategories sent %d times", n)
	}
}

// Under 20% 5xx and 10% lost replies a first sync with taxonomy converges in at most two runs, with no
// duplicate of anything at any point: categories are retried as the upserts they are, and the lookup-then-
// create of tags and subcategories is retried more than once.
func TestHeavyFaultsConvergeInTwoRuns(t *testing.T) {
	t.Parallel()
	for seed := uint64(1); seed <= 3; seed++ {
		h := emulatortest.Start(t, emulatortest.Options{FaultRate: 0.20, LostReplyRate: 0.10, Seed: seed})
		c := client(h)
		tr := loadTree(t, genDocs(t, 60))
		for run := 1; run <= 2; run++ {
			p, rep := sync(t, c, tr, plan.Options{}, apply.Options{Concurrency: 4})
			t.Logf("seed %d run %d: %d writes planned, %d failed", seed, run, p.Writes(), rep.Failed())
		}
		h.SetFaults(0, 0)
		assertMirrors(t, h, tr)
		snap := h.Snapshot()
		if len(snap.Categories) != 3 || len(snap.Subcategories) != 3 || len(snap.Tags) != 5 {
			t.Fatalf("seed %d: %d categories, %d subcategories, %d tags; want 3, 3, 5 (a duplicate or a miss)", seed, len(snap.Categories), len(snap.Subcategories), len(snap.Tags))
		}
		if p, _ := sync(t, c, tr, plan.Options{}, apply.Options{}); p.Writes() != 0 {
			t.Fatalf("seed %d: not converged after two runs: %d writes planned", seed, p.Writes())
		}
	}
}

// blocking holds every article write until released, so a test can look at the writes in flight.
type blocking struct {
	kb.API
	started chan struct{}
	release chan struct{}
}

func (b blocking) CreateArticle(ctx context.Context, in kb.ArticleCreate) (*kb.Article, error) {
	b.started <- struct{}{}
	<-b.release
	return b.API.CreateArticle(ctx, in)
}

func (b blocking) UpdateArticle(ctx context.Context, id string, p kb.ArticlePatch) (*kb.Article, error) {
	b.started <- struct{}{}
	<-b.release
	return b.API.UpdateArticle(ctx, id, p)
}

// The writes in flight are named (for a second Ctrl-C, which does not wait for them), and the set empties
// as replies come in.
func TestInFlightNamesTheWritesBeingSent(t *testing.T) {
	t.Parallel()
	h := emulatortest.Start(t, emulatortest.Options{})
	c := client(h)
	dir := genDocs(t, 2)
	sync(t, c, loadTree(t, dir), plan.Options{}, apply.Options{})
	os.WriteFile(filepath.Join(dir, "cat-1", "a-001.md"), []byte("---\ntitle: Changed\n---\nNew.\n"), 0o644)
	os.MkdirAll(filepath.Join(dir, "cat-2"), 0o755)
	os.WriteFile(filepath.Join(dir, "cat-2", "fresh.md"), []byte("# Fresh\n\nText.\n"), 0o644)
	tr := loadTree(t, dir)
	r := remote(t, c)
	p := plan.Make(tr, inventory.NewIndex(r), plan.Options{})
	id := inventory.NewIndex(r).ArtBySlug["a-001"].ID
	api := blocking{API: c, started: make(chan struct{}), release: make(chan struct{})}
	inflight := apply.NewInFlight()
	done := make(chan *apply.Report)
	go func() {
		done <- apply.Apply(context.Background(), api, p, apply.Options{Concurrency: 2, InFlight: inflight})
	}()
	<-api.started
	<-api.started
	got := strings.Join(inflight.Writes(), "; ")
	if want := "create article fresh; update article a-001 (" + id + ")"; got != want {
		t.Fatalf("in flight %q, want %q", got, want)
	}
	close(api.release)
	if rep := <-done; rep.Failed() != 0 {
		t.Fatalf("%d failed", rep.Failed())
	}
	if w := inflight.Writes(); len(w) != 0 {
		t.Fatalf("still in flight after the run: %v", w)
	}
}

// holdCategory holds the create of one category until released and reports every other write as it starts.
type holdCategory struct {
	kb.API
	slug    string
	release chan struct{}
	started chan string
}

func (h holdCategory) CreateCategory(ctx context.Context, in kb.CategoryInput) (*kb.Category, error) {
	if in.Slug == h.slug {
		<-h.release
	}
	h.started <- "category " + in.Slug
	return h.API.CreateCategory(ctx, in)
}

func (h holdCategory) CreateSubcategory(ctx context.Context, in kb.SubcategoryInput) (*kb.Subcategory, error) {
	h.started <- "subcategory " + in.Slug
	return h.API.CreateSubcategory(ctx, in)
}

func (h holdCategory) CreateTag(ctx context.Context, in kb.TagInput) (*kb.Tag, error) {
	h.started <- "tag " + in.Slug
	return h.API.CreateTag(ctx, in)
}

func (h holdCategory) CreateArticle(ctx context.Context, in kb.ArticleCreate) (*kb.Article, error) {
	h.started <- "article " + in.Slug
	return h.API.CreateArticle(ctx, in)
}

// Taxonomy runs in the same pool as articles, each action waiting only for what it needs: while one
// category's create hangs, the other categories, their subcategories, the tags and the articles that need
// none of the hung category go ahead; its own subcategory and articles wait, then follow.
func TestTaxonomyRunsInParallelAndWaitsOnlyForItsOwnCategory(t *testing.T) {
	t.Parallel()
	h := emulatortest.Start(t, emulatortest.Options{})
	c := client(h)
	tr := loadTree(t, genDocs(t, 6)) // cat-0 (a-000, deep/a-005), cat-1, cat-2; tags t0..t3, common
	r := remote(t, c)
	p := plan.Make(tr, inventory.NewIndex(r), plan.Options{})
	api := holdCategory{API: c, slug: "cat-0", release: make(chan struct{}), started: make(chan string, 100)}
	done := make(chan *apply.Report)
	go func() { done <- apply.Apply(context.Background(), api, p, apply.Options{Concurrency: 4}) }()
	var before []string
	for len(before) < 2+1+5+4 { // cat-1, cat-2, cat-2/deep, 5 tags, a-001, a-002, a-004, a-005
		before = append(before, <-api.started)
	}
	close(api.release)
	rep := <-done
	close(api.started)
	var after []string
	for s := range api.started {
		after = append(after, s)
	}
	if rep.Failed() != 0 {
		t.Fatalf("%d failed", rep.Failed())
	}
	got := strings.Join(before, ",")
	for _, w := range []string{"category cat-1", "category cat-2", "subcategory deep", "article a-001", "article a-002", "article a-004", "article a-005", "tag common"} {
		if !strings.Contains(got, w) {
			t.Fatalf("while cat-0 hung, %q did not start; started: %v", w, before)
		}
	}
	for _, w := range []string{"article a-000", "article a-003"} {
		if strings.Contains(got, w) {
			t.Fatalf("%s started before its category existed: %v", w, before)
		}
	}
	pos := map[string]int{}
	for i, s := range after {
		pos[s] = i + 1
	}
	if len(after) != 4 || pos["category cat-0"] != 1 || pos["subcategory deep"] == 0 || pos["article a-003"] == 0 || pos["article a-000"] < pos["subcategory deep"] {
		t.Fatalf("after the release: %v; want cat-0, then its subcategory before the article in it", after)
	}
	assertMirrors(t, h, tr)
}

// noIDReply answers every article create with an object that has no id (the write may have happened).
type noIDReply struct{ kb.API }

func (noIDReply) CreateArticle(_ context.Context, in kb.ArticleCreate) (*kb.Article, error) {
	return &kb.Article{Slug: in.Slug}, nil
}

// A create reply without an id stops the run: it is never read as a slug change, and nothing else starts.
func TestCreateReplyWithoutIDStopsTheRun(t *testing.T) {
	t.Parallel()
	h := emulatortest.Start(t, emulatortest.Options{})
	c := client(h)
	tr := loadTree(t, genDocs(t, 10))
	r := remote(t, c)
	p := plan.Make(tr, inventory.NewIndex(r), plan.Options{})
	rep := apply.Apply(context.Background(), noIDReply{c}, p, apply.Options{Concurrency: 1})
	failed, started := 0, 0
	for _, x := range rep.Results {
		if x.Action.Kind != plan.Create {
			continue
		}
		if x.Status == apply.Unknown { // the listing afterwards does not show it: it may exist
			failed++
			if !strings.Contains(x.Err.Error(), "names no id") || !strings.Contains(x.Err.Error(), "the run stops here") {
				t.Fatalf("error: %v", x.Err)
			}
		}
		if x.Status != apply.Skipped {
			started++
		}
	}
	if failed != 1 || started != 1 || rep.Stopped == "" {
		t.Fatalf("%d unknown, %d started, stopped %q: want the first create to stop the run, its outcome unknown", failed, started, rep.Stopped)
	}
}
