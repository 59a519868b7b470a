package report

import (
	"fmt"

	"github.com/atender/atender/internal/escape"
)

// KeyCannotWrite says that a dry run's key would be refused at its first write: the change-nothing write
// probe answered 401 or 403. The dry run itself succeeds as usual (same exit code); this is a notice.
type KeyCannotWrite struct {
	// Status is the probe's answer (401 or 403).
	Status int `json:"status"`
	// Message says what the server refused and why; Fix what to do.
	Message   string `json:"message"`
	Fix       string `json:"fix,omitempty"`
	RequestID string `json:"requestId,omitempty"`
}

// Notice is the one line every sink shows (stderr, the ::notice annotation, the job summary).
func (k *KeyCannotWrite) Notice() string {
	s := "this key cannot write: " + k.Message + "; kb sync without --dry-run would stop at its first write (exit 4)."
	if k.Fix != "" {
		s += " " + k.Fix
	}
	return s
}

// keyCannotWriteMarkdown is the job summary's line for it ("" when the key may write or was not asked).
func keyCannotWriteMarkdown(k *KeyCannotWrite) string {
	if k == nil {
		return ""
	}
	return fmt.Sprintf("**Notice:** %s\n\n", escape.Markdown(k.Notice()))
}
