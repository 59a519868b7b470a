package config

import (
	"bytes"
	"fmt"
	"os"
	"strings"

	"github.com/joho/godotenv"
)

// readDotenv reads a .env file. Its errors never quote the file's content: a .env holds the API key, and a
// parser error quoting the bad line (or the one after it) would print the key. They name the file and line.
func readDotenv(path string) (map[string]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
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

// badLine finds the line where a .env stops parsing: the line after the longest prefix that parses (a
// quoted value may span lines, so a prefix ending inside one fails without being the culprit).
func badLine(s string) int {
	lines := strings.SplitAfter(s, "\n")
	good := 0
	for i := range lines {
		if _, err := godotenv.Unmarshal(strings.Join(lines[:i+1], "")); err == nil {
			good = i + 1
		}
	}
	return good + 1
}
