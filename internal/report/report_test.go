package report

import (
	"strings"
	"testing"

	"github.com/atender/atender/internal/apply"
	"github.com/atender/atender/internal/docs"
	"github.com/atender/atender/internal/kb"
	"github.com/atender/atender/internal/plan"
)

func samplePlan() *plan.Plan {
	pg := &docs.Page{Path: "b/r.md", Slug: "refunds", Title: "Refunds", Summary: "new", Content: "Line one\nLine two\n", Status: "published"}
	remote := &kb.Article{ID: "art_1", Slug: "refunds", Title: "Refunds", Summary: "old", Content: "Line one\n", Status: "archived"}
	return &plan.Plan{Actions: []*plan.Action{
		{Kind: plan.CreateCategory, Slug: "b", Title: "B"},
		{Kind: plan.Create, Path: "b/a.md", Slug: "a", Title: "A", Page: &docs.Page{Slug: "a"}},
		{Kind: plan.Update, Path: "b/r.md", Slug: "refunds", Title: "Refunds", ID: "art_1", Fields: []string{"summary", "content", "status"}, Restore: true, Page: pg, Remote: remote},
		{Kind: plan.Unchanged, Path: "b/u.md", Slug: "u", ID: "art_2"},
		{Kind: plan.Archive, Slug: "gone", Title: "Gone", ID: "art_3"},
	}, Warnings: []string{"a | warning"}}
}

func TestPlanText(t *testing.T) {
	var b strings.Builder
	PlanText(&b, samplePlan(), true, false)
	out := b.String()
	for _, want := range []string{
		"+ create category    b (\"B\")\n",
		"+ create   b/a.md → a\n",
		"~ restore  b/r.md → refunds (summary, content, status: archived → published)\n",
		"    -old\n", "    +new\n", "    +Line two\n",
		"- archive  gone (\"Gone\", art_3)\n",
		"= 1 unchanged\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("plan lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("colour without a terminal")
	}
	b.Reset()
	PlanText(&b, samplePlan(), false, true)
	if !strings.Contains(b.String(), green+"+ create   b/a.md → a"+reset) || !strings.Contains(b.String(), red+"- archive") || strings.Contains(b.String(), green+"= ") {
		t.Errorf("colours on a terminal:\n%q", b.String())
	}
}

func TestBuildCountsWhatSucceeded(t *testing.T) {
	p := samplePlan()
	dry := Build(p, nil, "https://prod.atender.dev/api/v1/kb", "https://help.example.com")
	if !dry.DryRun || dry.Counts.Created != 1 || dry.Counts.Updated != 1 || dry.Counts.Archived != 1 || dry.Counts.Unchanged != 1 || dry.Counts.CategoriesCreated != 1 {
		t.Fatalf("dry-run counts %+v", dry.Counts)
	}
	if dry.Articles[1].Action != "restore" || dry.Articles[0].URL != "https://help.example.com/knowledge/a" {
		t.Fatalf("articles %+v", dry.Articles)
	}
	rep := &apply.Report{}
	for _, a := range p.Actions {
		st := apply.OK
		var err error
		if a.Kind == plan.Create {
			st, err = apply.Failed, &kb.APIError{Method: "POST", Path: "/articles", Status: 500, RequestID: "req_9"}
		}
		if a.Kind == plan.Archive {
			st = apply.Skipped
		}
		rep.Results = append(rep.Results, &apply.Result{Action: a, Status: st, Err: err, RequestID: kb.RequestIDOf(err), ID: a.ID, Slug: a.Slug})
	}
	rep.PruneCancelled = "1 earlier action(s) failed"
	r := Build(p, rep, "https://prod.atender.dev/api/v1/kb", PublicBase("https://prod.atender.dev/api/v1/kb", ""))
	if r.Counts.Created != 0 || r.Counts.Failed != 1 || r.Counts.Skipped != 1 || r.Counts.Archived != 0 || r.Articles[0].RequestID != "req_9" {
		t.Fatalf("counts %+v, first %+v", r.Counts, r.Articles[0])
	}
	var b strings.Builder
	SummaryText(&b, r)
	for _, want := range []string{"error: b/a.md: POST /articles: 500", "(request req_9)", "prune cancelled: 1 earlier", "1 failed, 1 not started", "warning: a | warning"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, b.String())
		}
	}
	s := GitHubSummary(r, AnnotationCount{})
	if !strings.Contains(s, "| create | [A](https://prod.atender.dev/knowledge/a) | `b/a.md` |  | failed: ") || !strings.Contains(s, "a \\| warning") || strings.Count(s, "req_9") != 1 {
		t.Errorf("job summary:\n%s", s)
	}
	if out := GitHubOutputs(r, "/tmp/r.json", ""); out != "created=0\nupdated=1\nunchanged=1\narchived=0\ndeleted=0\nfailed=1\nconflicts=0\nunknown=0\nresult-json=/tmp/r.json\n" {
		t.Errorf("outputs %q", out)
	}
}

func TestAnnotationEscaping(t *testing.T) {
	d := docs.Diagnostic{Path: "a,b:c.md", Line: 3, Col: 2, Severity: docs.SevWarning, Message: "50% off\nnext line"}
	if got := Annotation(d, d.Path); got != "::warning file=a%2Cb%3Ac.md,line=3,col=2::50%25 off%0Anext line" {
		t.Fatalf("got %q", got)
	}
}
