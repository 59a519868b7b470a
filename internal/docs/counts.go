package docs

import (
	"fmt"
	"sort"
	"strings"
)

// PageCounts says what became of the tree's pages: how many were read, how many are articles, which were
// left out and why, which generator constructs were converted, and which components were only warned about.
type PageCounts struct {
	Preset     string `json:"preset,omitempty"`
	PresetFrom string `json:"presetFrom,omitempty"` // "config", or the marker file it was detected from
	Read       int    `json:"read"`
	Articles   int    `json:"articles"`
	// LeftOut counts pages that are not articles, by reason.
	LeftOut map[string]int `json:"leftOut"`
	// Converted counts generator constructs turned into Markdown, by converter.
	Converted map[string]int `json:"converted"`
	// Components counts components with no converter (their tags dropped, their text kept, warned about).
	Components map[string]int `json:"components"`
}

// PageCounts returns the tree's counts.
func (t *Tree) PageCounts() PageCounts {
	c := PageCounts{Preset: t.Preset, PresetFrom: t.PresetFrom, Read: t.Read(), Articles: len(t.Pages),
		LeftOut: map[string]int{}, Converted: map[string]int{}, Components: map[string]int{}}
	for k, v := range t.LeftOut {
		c.LeftOut[k] = v
	}
	for k, v := range t.Converted {
		c.Converted[k] = v
	}
	for k, v := range t.Components {
		c.Components[k] = v
	}
	return c
}

// Notable reports whether the counts say more than the one-line verdict (a preset, pages left out,
// constructs converted or components warned about).
func (c PageCounts) Notable() bool {
	return c.Preset != "" || len(c.LeftOut) > 0 || len(c.Converted) > 0 || len(c.Components) > 0
}

// String is the counts in one line: "885 pages read, 683 articles; 202 left out (201 locale, 1 404 page);
// converted 12 admonitions, 3 tabs; components warned about: Badge ×2; preset starlight (detected from
// ../../astro.config.mjs)".
func (c PageCounts) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d pages read, %d articles", c.Read, c.Articles)
	if n := sum(c.LeftOut); n > 0 {
		fmt.Fprintf(&b, "; %d left out (%s)", n, list(c.LeftOut, " "))
	}
	if len(c.Converted) > 0 {
		fmt.Fprintf(&b, "; converted %s", list(c.Converted, " "))
		if more := len(c.Converted) - maxListed; more > 0 {
			fmt.Fprintf(&b, " and %d more kind%s (--output json lists them)", more, map[bool]string{true: "s"}[more > 1])
		}
	}
	if len(c.Components) > 0 {
		fmt.Fprintf(&b, "; components warned about: %s", list(c.Components, "×"))
		if more := len(c.Components) - maxListed; more > 0 {
			fmt.Fprintf(&b, " and %d more (--output json lists them)", more)
		}
	}
	if c.Preset != "" {
		from := "set in the config"
		if c.PresetFrom != "config" {
			from = "detected from " + c.PresetFrom
		}
		fmt.Fprintf(&b, "; preset %s (%s)", c.Preset, from)
	}
	return b.String()
}

// maxListed is how many entries of a count list the summary line shows (the most frequent).
const maxListed = 8

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// list renders a count map, largest first: "201 locale, 1 404 page" (sep " "), or "Badge×2" (sep "×").
func list(m map[string]int, sep string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	if len(keys) > maxListed {
		keys = keys[:maxListed]
	}
	parts := make([]string, len(keys))
	for i, k := range keys {
		if sep == "×" {
			parts[i] = fmt.Sprintf("%s×%d", k, m[k])
		} else {
			parts[i] = fmt.Sprintf("%d %s", m[k], k)
		}
	}
	return strings.Join(parts, ", ")
}
