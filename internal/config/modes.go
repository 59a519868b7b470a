package config

import "fmt"

// Output is how results are printed: text for people, JSON for machines, GitHub workflow commands inside
// GitHub Actions. Load resolves it once (an unset output becomes github inside GitHub Actions, else text),
// so no command compares strings.
type Output string

// Output modes.
const (
	OutputText   Output = "text"
	OutputJSON   Output = "json"
	OutputGitHub Output = "github"
)

// ParseOutput parses an output mode; "" means "choose for me" and is resolved by Load.
func ParseOutput(s string) (Output, error) {
	switch o := Output(s); o {
	case "", OutputText, OutputJSON, OutputGitHub:
		return o, nil
	}
	return "", fmt.Errorf("unknown output %q: use text, json or github", s)
}

// PruneMode is how --prune removes an article the tree no longer has.
type PruneMode string

// Prune modes.
const (
	PruneArchive PruneMode = "archive"
	PruneDelete  PruneMode = "delete"
)

// ParsePruneMode parses a prune mode.
func ParsePruneMode(s string) (PruneMode, error) {
	switch m := PruneMode(s); m {
	case PruneArchive, PruneDelete:
		return m, nil
	}
	return "", fmt.Errorf("--prune-mode %q: use archive or delete", s)
}

// OnConflict is what kb sync does with an article edited in Atender since it was last synced.
type OnConflict string

// On-conflict policies.
const (
	ConflictFail      OnConflict = "fail"
	ConflictSkip      OnConflict = "skip"
	ConflictOverwrite OnConflict = "overwrite"
)

// ParseOnConflict parses an on-conflict policy.
func ParseOnConflict(s string) (OnConflict, error) {
	switch c := OnConflict(s); c {
	case ConflictFail, ConflictSkip, ConflictOverwrite:
		return c, nil
	}
	return "", fmt.Errorf("unknown on-conflict %q: use fail, skip or overwrite", s)
}
