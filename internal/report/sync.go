package report

import (
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/atender/atender/internal/docs"
	"github.com/atender/atender/internal/escape"
	"github.com/atender/atender/internal/facts"
	"github.com/atender/atender/internal/plan"
	udiff "github.com/aymanbagabas/go-udiff"
)

// SyncResult is the stable shape of a sync's outcome (--output json, the result file of the GitHub step).
type SyncResult struct {
	SchemaVersion  int             `json:"schemaVersion"`
	DryRun         bool            `json:"dryRun"`
	BaseURL        string          `json:"baseUrl"`
	Counts         Counts          `json:"counts"`
	Articles       []ArticleResult `json:"articles"`
	Categories     []ObjectResult  `json:"categories"`
	Tags           []ObjectResult  `json:"tags"`
	Warnings       []string        `json:"warnings"`
	Interrupted    bool            `json:"interrupted"`
	PruneCancelled string          `json:"pruneCancelled,omitempty"`
	Stopped        string          `json:"stopped,omitempty"` // why the run stopped creating (the duplicate breaker)
	// KeyCannotWrite, in a dry run whose plan has writes, says the key would be refused at the first one.
	KeyCannotWrite *KeyCannotWrite `json:"keyCannotWrite,omitempty"`
	// LeftAlone are the articles prune left because this repository did not publish them.
	LeftAlone  []LeftAloneResult `json:"leftAlone,omitempty"`
	Requests   int               `json:"requests"`
	DurationMs int64             `json:"durationMs"`
	// Diagnostics are the docs tree's problems (warnings, or the errors that stopped the sync).
	Diagnostics []docs.Diagnostic `json:"diagnostics"`
	// Pages says what became of the tree's pages (read, articles, left out by reason, converted).
	Pages *docs.PageCounts `json:"pages,omitempty"`
	// Error says why the command failed, when it did before or instead of syncing.
	Error *ErrorInfo `json:"error,omitempty"`
}

// Counts per action. In a dry run they count what is planned; after a sync, what succeeded.
type Counts struct {
	Created              int `json:"created"`
	Updated              int `json:"updated"`
	Unchanged            int `json:"unchanged"`
	Archived             int `json:"archived"`
	Deleted              int `json:"deleted"`
	Failed               int `json:"failed"`
	Unknown              int `json:"unknown"` // creates whose outcome is unknown: they may exist in Atender (see apply.Unknown)
	Skipped              int `json:"skipped"`
	Conflicts            int `json:"conflicts"`
	CategoriesCreated    int `json:"categoriesCreated"`
	CategoriesUpdated    int `json:"categoriesUpdated"`
	SubcategoriesCreated int `json:"subcategoriesCreated"`
	TagsCreated          int `json:"tagsCreated"`
}

// Changes is the number of planned or made changes.
func (c Counts) Changes() int {
	return c.Created + c.Updated + c.Archived + c.Deleted + c.CategoriesCreated + c.CategoriesUpdated + c.SubcategoriesCreated + c.TagsCreated
}

// ArticleResult is one article's line in the result.
type ArticleResult struct {
	Path      string   `json:"path,omitempty"`
	Slug      string   `json:"slug"`
	Title     string   `json:"title"`
	Action    string   `json:"action"` // create, update, restore, unchanged, archive, delete
	Result    string   `json:"result"` // planned, ok, failed, unknown, skipped, blocked
	ID        string   `json:"id,omitempty"`
	URL       string   `json:"url"`
	Fields    []string `json:"fields,omitempty"`
	Error     string   `json:"error,omitempty"`
	RequestID string   `json:"requestId,omitempty"`
	// Diff is, with --diff, the whole unified diff of the changed text fields of an update, a restore or a
	// conflict (the job summary shows it cut short).
	Diff string `json:"diff,omitempty"`
}

// ObjectResult is a category, subcategory or tag action.
type ObjectResult struct {
	Slug      string   `json:"slug"`
	Title     string   `json:"title"`
	Action    string   `json:"action"`
	Result    string   `json:"result"`
	ID        string   `json:"id,omitempty"`
	Fields    []string `json:"fields,omitempty"`
	Error     string   `json:"error,omitempty"`
	RequestID string   `json:"requestId,omitempty"`
}

// PublicBase is where articles are public: links.baseUrl, else the API host (stated form
// https://<host>/knowledge/<slug>).
func PublicBase(apiBase, linksBase string) string {
	if linksBase != "" {
		return strings.TrimRight(linksBase, "/")
	}
	u, err := url.Parse(apiBase)
	if err != nil {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

// ANSI colours of plan lines, used only on a terminal.
const (
	green  = "\x1b[32m"
	yellow = "\x1b[33m"
	red    = "\x1b[31m"
	reset  = "\x1b[0m"
)

// colorWriter colours each whole line by its first character (+ green, ~ yellow, - and ! red).
type colorWriter struct{ w io.Writer }

func (c colorWriter) Write(b []byte) (int, error) {
	s := string(b)
	col := map[byte]string{'+': green, '~': yellow, '-': red, '!': red}[firstByte(strings.TrimLeft(s, " "))]
	if col == "" || strings.HasPrefix(strings.TrimLeft(s, " "), "---") || strings.HasPrefix(s, "    ") && !strings.HasPrefix(s, "    -") && !strings.HasPrefix(s, "    +") {
		return c.w.Write(b)
	}
	if _, err := io.WriteString(c.w, col+strings.TrimSuffix(s, "\n")+reset+"\n"); err != nil {
		return 0, err
	}
	return len(b), nil
}

func firstByte(s string) byte {
	if s == "" {
		return 0
	}
	return s[0]
}

// PlanText writes the plan for people: one line per change and the count of unchanged articles; in colour
// when color is set (stdout is a terminal).
func PlanText(w io.Writer, p *plan.Plan, withDiff, color bool) {
	PlanTextBlocked(w, p, withDiff, color, "")
}

// PlanTextBlocked is PlanText that marks every removal with blocked (why the guard stops it), when set.
func PlanTextBlocked(w io.Writer, p *plan.Plan, withDiff, color bool, blocked string) {
	mark := ""
	if blocked != "" {
		mark = "  [blocked: " + blocked + "]"
	}
	if color {
		w = colorWriter{w}
	}
	unchanged := 0
	for _, a := range p.Actions {
		switch a.Kind {
		case plan.CreateCategory:
			fmt.Fprintf(w, "+ create category    %s (%q)\n", escape.Terminal(a.Slug), a.Title)
		case plan.UpdateCategory:
			fmt.Fprintf(w, "~ update category    %s (%s)\n", escape.Terminal(a.Slug), strings.Join(a.Fields, ", "))
		case plan.CreateSubcategory:
			fmt.Fprintf(w, "+ create subcategory %s/%s (%q)\n", escape.Terminal(a.Parent), escape.Terminal(a.Slug), a.Title)
		case plan.CreateTag:
			fmt.Fprintf(w, "+ create tag         %s (%q)\n", escape.Terminal(a.Slug), a.Title)
		case plan.Create:
			fmt.Fprintf(w, "+ create   %s → %s\n", escape.Terminal(a.Path), escape.Terminal(a.Slug))
		case plan.Update:
			verb := "~ update "
			if a.Restore {
				verb = "~ restore"
			}
			fmt.Fprintf(w, "%s  %s → %s (%s)\n", verb, escape.Terminal(a.Path), escape.Terminal(a.Slug), describeFields(a))
			if withDiff {
				Diff(w, a)
			}
		case plan.Conflict:
			conflictLine(w, a)
			// A conflict always shows what Atender has against what the file says.
			Diff(w, a)
		case plan.Archive:
			fmt.Fprintf(w, "- archive  %s (%q, %s)%s\n", escape.Terminal(a.Slug), a.Title, escape.Terminal(a.ID), mark)
		case plan.Delete:
			fmt.Fprintf(w, "- delete   %s (%q, %s)%s\n", escape.Terminal(a.Slug), a.Title, escape.Terminal(a.ID), mark)
		case plan.Unchanged:
			unchanged++
		}
	}
	fmt.Fprintf(w, "= %d unchanged\n", unchanged)
	leftAloneText(w, p)
}

func describeFields(a *plan.Action) string {
	parts := make([]string, 0, len(a.Fields))
	for _, f := range a.Fields {
		if f == plan.FieldStatus && a.Remote != nil {
			parts = append(parts, fmt.Sprintf("status: %s → %s", escape.Terminal(a.Remote.Status), a.Page.Status))
			continue
		}
		parts = append(parts, f)
	}
	return strings.Join(parts, ", ")
}

// Diff writes unified diffs of the changed text fields of an update, each line indented and escaped for a
// terminal.
func Diff(w io.Writer, a *plan.Action) {
	for _, line := range strings.SplitAfter(UnifiedDiff(a), "\n") {
		if line != "" {
			fmt.Fprint(w, "    "+escape.Terminal(strings.TrimSuffix(line, "\n"))+"\n")
		}
	}
}

// UnifiedDiff is the unified diff, Atender's text first, of each changed text field (title, summary,
// content) of an update or a conflict, as is: "" when the action has no two sides to compare.
func UnifiedDiff(a *plan.Action) string {
	if a.Remote == nil || a.Page == nil {
		return ""
	}
	// An API key written in Atender's text (anyone's, not only the one in use) is masked: the diff is shown
	// in logs, the job summary, a pull-request comment and the result JSON.
	pairs := []struct{ name, remote, local string }{
		{plan.FieldTitle, a.Remote.Title, a.Page.Title},
		{plan.FieldSummary, a.Remote.Summary, a.Page.Summary},
		{plan.FieldContent, plan.NormalizeContent(a.Remote.Content) + "\n", plan.NormalizeContent(a.Page.Content) + "\n"},
	}
	for i := range pairs {
		pairs[i].remote, pairs[i].local = facts.MaskKeys(pairs[i].remote), facts.MaskKeys(pairs[i].local)
	}
	var b strings.Builder
	for _, pr := range pairs {
		changed := false
		for _, f := range a.Fields {
			changed = changed || f == pr.name
		}
		if !changed {
			continue
		}
		remote, local := pr.remote, pr.local
		if !strings.HasSuffix(remote, "\n") {
			remote += "\n"
		}
		if !strings.HasSuffix(local, "\n") {
			local += "\n"
		}
		b.WriteString(udiff.Unified("atender:"+a.Slug+" ("+pr.name+")", a.Path+" ("+pr.name+")", remote, local))
	}
	return b.String()
}

// SummaryText writes the closing lines for people: failures with file, reason and request id, then counts.
func SummaryText(w io.Writer, r *SyncResult) {
	for _, x := range r.Warnings {
		fmt.Fprintf(w, "warning: %s\n", escape.Terminal(x))
	}
	for _, o := range append(append([]ObjectResult{}, r.Categories...), r.Tags...) {
		if o.Result == "failed" {
			fmt.Fprintf(w, "error: %s %s: %s\n", o.Action, escape.Terminal(o.Slug), escape.Terminal(o.Error))
		}
	}
	for _, a := range r.Articles {
		if a.Result == "failed" || a.Result == "unknown" {
			where := a.Path
			if where == "" {
				where = a.Slug
			}
			if a.Result == "unknown" {
				where += ": " + UnknownOutcome(a.URL)
			}
			fmt.Fprintf(w, "error: %s: %s\n", escape.Terminal(where), escape.Terminal(a.Error))
		}
	}
	if r.Stopped != "" {
		fmt.Fprintf(w, "error: %s\n", escape.Terminal(r.Stopped))
	}
	if r.PruneCancelled != "" {
		fmt.Fprintf(w, "prune cancelled: %s\n", escape.Terminal(r.PruneCancelled))
	}
	c := r.Counts
	verb := "Synced"
	if r.DryRun {
		verb = "Plan"
	}
	line := fmt.Sprintf("%s: %d created, %d updated, %d unchanged, %d archived, %d deleted", verb, c.Created, c.Updated, c.Unchanged, c.Archived, c.Deleted)
	if !r.DryRun {
		line += fmt.Sprintf(", %d failed", c.Failed)
		if c.Unknown > 0 {
			line += fmt.Sprintf(", %d unknown", c.Unknown)
		}
		if c.Skipped > 0 {
			line += fmt.Sprintf(", %d not started", c.Skipped)
		}
	}
	if c.Conflicts > 0 {
		line += fmt.Sprintf(", %d %s", c.Conflicts, plural(c.Conflicts, "conflict", "conflicts"))
	}
	if n := c.CategoriesCreated + c.SubcategoriesCreated + c.TagsCreated + c.CategoriesUpdated; n > 0 {
		line += fmt.Sprintf(" (+%d categories/subcategories/tags)", n)
	}
	line += fmt.Sprintf(" — %d requests in %.1fs", r.Requests, float64(r.DurationMs)/1000)
	if r.DryRun {
		line += "; nothing was written (dry run)"
	}
	fmt.Fprintln(w, line)
	if r.Pages != nil && r.Pages.Notable() {
		fmt.Fprintln(w, escape.Terminal(r.Pages.String()))
	}
	if r.Interrupted {
		fmt.Fprintln(w, "interrupted: requests in flight finished, nothing new was started; rerun to finish (a rerun converges)")
	}
}

// UnknownOutcome is what an article whose create outcome is unknown (result "unknown") tells people to do.
func UnknownOutcome(url string) string {
	return "outcome unknown: it may exist in Atender; check " + url + " before rerunning"
}
