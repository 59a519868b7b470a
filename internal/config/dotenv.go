package config

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/joho/godotenv"

	"github.com/atender/atender/internal/safefile"
)

// MaxDotenvSize is the largest .env read: it holds a few NAME=value lines. A larger one (or /dev/zero
// behind a symlink, which would be read until memory runs out) is refused.
const MaxDotenvSize = 64 << 10

// readDotenv reads a .env file. Its errors never quote the file's content: a .env holds the API key, and a
// parser error quoting the bad line (or the one after it) would print the key. They name the file and line.
// Only a regular file of at most MaxDotenvSize is read (see safefile.Read).
func readDotenv(path string) (map[string]string, error) {
	b, err := safefile.Read(path, MaxDotenvSize)
	if err != nil {
		var nr *safefile.NotRegularError
		var tl *safefile.TooLargeError
		switch {
		case errors.As(err, &nr):
			return nil, fmt.Errorf("reading %s: not a regular file (%s)", path, nr.Kind)
		case errors.As(err, &tl):
			return nil, fmt.Errorf("reading %s: larger than %s; a .env holds a few NAME=value lines", path, safefile.Size(tl.Limit))
		}
		if pe, ok := err.(*os.PathError); ok {
			err = pe.Err // the path is named once, below
		}
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")) // a BOM left by an editor is not part of the first name
	m, err := godotenv.UnmarshalBytes(b)
	if err == nil {
		return m, nil
	}
	return nil, fmt.Errorf("reading %s: line %d is not NAME=value (names are letters, digits and _; quotes must close). The line is not shown: it may hold the API key", path, badLine(string(b)))
}

// badLine finds the line where a .env stops parsing: the first line of the first chunk of lines that does
// not parse on its own, after the chunks before it did (a quoted value may span lines, so a chunk grows
// while it fails; it is given up on after maxValueLines lines). Each line is parsed a bounded number of
// times, so a 64 KiB file of short lines costs milliseconds, not the square of its length.
func badLine(s string) int {
	const maxValueLines = 200
	lines := strings.SplitAfter(s, "\n")
	start := 0
	for end := 0; end < len(lines); end++ {
		if _, err := godotenv.Unmarshal(strings.Join(lines[start:end+1], "")); err == nil {
			start = end + 1
		} else if end-start >= maxValueLines {
			break
		}
	}
	return start + 1
}
