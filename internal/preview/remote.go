package preview

import (
	"strings"

	"github.com/atender/atender/internal/docs"
	"github.com/atender/atender/internal/inventory"
	"github.com/atender/atender/internal/plan"
	"github.com/atender/atender/internal/report"
)

// Compare is the remote view of a tree: sync's own plan against the KB's inventory, one status per
// article (with the diff of a changed one). edited are the articles changed in Atender since the last sync,
// as sync detects them; they are conflicts. ix is the index of the KB's inventory.
func Compare(t *docs.Tree, ix *inventory.Index, edited map[string][]string) map[string]Remote {
	pl := plan.Make(t, ix, plan.Options{Edited: edited})
	out := make(map[string]Remote, len(t.Pages))
	for _, a := range pl.Actions {
		if a.Page == nil {
			continue
		}
		switch a.Kind {
		case plan.Create:
			out[a.Page.Slug] = Remote{Status: StatusNew}
		case plan.Update:
			var b strings.Builder
			report.Diff(&b, a)
			out[a.Page.Slug] = Remote{Status: StatusChanged, Diff: "changed: " + strings.Join(a.Fields, ", ") + "\n" + b.String()}
		case plan.Unchanged:
			out[a.Page.Slug] = Remote{Status: StatusUnchanged}
		case plan.Conflict:
			var b strings.Builder
			report.Diff(&b, a)
			out[a.Page.Slug] = Remote{Status: StatusConflict, Diff: b.String(),
				Note: "edited in Atender since the last sync (" + strings.Join(a.Outside, ", ") + "); sync holds this update back unless on-conflict says otherwise"}
		}
	}
	return out
}
