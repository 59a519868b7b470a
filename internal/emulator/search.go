package emulator

import (
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/atender/atender/internal/facts"
)

// search is a keyword search over published articles (the real one adds vectors; only the shape matters).
func search(s *Server, st *state, w http.ResponseWriter, r *http.Request) {
	terms := strings.Fields(strings.ToLower(r.URL.Query().Get("q")))
	limit, err := strconv.Atoi(r.URL.Query().Get("limit"))
	if err != nil || limit < 1 {
		limit = 10
	}
	limit = min(limit, maxPageSize)
	type hit struct {
		Article
		Score float64 `json:"score"`
	}
	hits := []hit{}
	for _, a := range st.arts.rows {
		if a.Status != facts.StatusPublished || len(terms) == 0 {
			continue
		}
		score := 0.0
		for _, t := range terms {
			score += 3*float64(strings.Count(strings.ToLower(a.Title), t)) + 2*float64(strings.Count(strings.ToLower(a.Summary), t)) +
				float64(strings.Count(strings.ToLower(a.Content), t))
			for _, k := range a.Keywords {
				if strings.EqualFold(k, t) {
					score += 2
				}
			}
		}
		if score > 0 {
			hits = append(hits, hit{cloneArticle(a), score})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].Score > hits[j].Score })
	if len(hits) > limit {
		hits = hits[:limit]
	}
	if shapesOf(w).Bare {
		writeJSON(w, http.StatusOK, hits)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{listKey(shapesOf(w), "articles"): hits})
}
