package ownership

import (
	"sort"

	"github.com/atender/atender/internal/plan"
)

// State is where one article stands between the repository and the knowledge base (kb status).
type State string

const (
	InSync State = "in-sync"
	// Behind: the file changed since the last sync (the KB holds what a committed version, or this machine,
	// sent), or the file is new.
	Behind State = "behind"
	// EditedInAtender: the remote matches no version the repository ever had.
	EditedInAtender State = "edited-in-atender"
	// OnlyInAtender: an article of the tree's categories (or one with a file's slug) not published from this
	// repository. Not drift: the team's editor content.
	OnlyInAtender State = "only-in-atender"
	// MissingInAtender: sent from here once, now deleted or archived in Atender.
	MissingInAtender State = "missing-in-atender"
	// WouldBePruned: published from here, its file is gone; kb sync --prune would remove it.
	WouldBePruned State = "would-be-pruned"
)

// States lists the states in the order they are reported.
var States = []State{EditedInAtender, Behind, MissingInAtender, WouldBePruned, OnlyInAtender, InSync}

// Drift reports whether the state means the KB does not match the repository. Articles only in Atender are
// the editors' own and are not drift.
func (s State) Drift() bool { return s != InSync && s != OnlyInAtender }

// Standing is one article's state.
type Standing struct {
	State  State
	Slug   string
	Path   string // the file, when there is one
	Title  string
	Fields []string // the fields that differ (behind, edited in Atender)
	Detail string   // why, in words, when the state alone does not say it
}

// Classify turns a read-only plan (planned with prune, conflicts detected) into each article's state. sent
// are the slugs this machine's record says it sent.
func Classify(p *plan.Plan, sent map[string]bool) []Standing {
	var out []Standing
	for _, a := range p.Actions {
		st := Standing{Slug: a.Slug, Path: a.Path, Title: a.Title, Fields: a.Fields}
		switch a.Kind {
		case plan.Unchanged:
			st.State = InSync
		case plan.Update:
			st.State = Behind
			if a.Restore {
				st.State, st.Detail = MissingInAtender, "archived in Atender"
			}
		case plan.Create:
			st.State = Behind
			if sent[a.Slug] {
				st.State, st.Detail = MissingInAtender, "deleted in Atender"
			} else {
				st.Detail = "not published yet"
			}
		case plan.Conflict:
			st.State = EditedInAtender
			if a.Reason != "" {
				st.State, st.Detail, st.Fields = OnlyInAtender, a.Reason, nil
			} else {
				st.Fields = a.Outside
			}
		case plan.Archive, plan.Delete:
			st.State, st.Path, st.Detail = WouldBePruned, "", "its file is gone; kb sync --prune would "+string(a.Kind)+" it"
		default:
			continue // categories and tags
		}
		out = append(out, st)
	}
	for _, la := range p.LeftAlone {
		out = append(out, Standing{State: OnlyInAtender, Slug: la.Slug, Title: la.Title, Detail: "category " + la.Category + ", not published from this repository"})
	}
	rank := map[State]int{}
	for i, s := range States {
		rank[s] = i
	}
	sort.SliceStable(out, func(i, j int) bool { return rank[out[i].State] < rank[out[j].State] })
	return out
}
