package cmdutil

import "github.com/atender/atender/internal/redact"

// Redactor is the program's one redactor (see package redact): the process's streams, the files it writes
// for people or machines and the doctor capture all go through it.
type Redactor = redact.Redactor
