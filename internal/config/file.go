package config

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/spf13/viper"
	yaml "go.yaml.in/yaml/v3"

	"github.com/atender/atender/internal/findup"
	"github.com/atender/atender/internal/safefile"
)

// fileValue is one setting as the config file wrote it, with its line for error messages.
type fileValue struct {
	raw  any
	line int
	name string // the key as written (onConflict, links.baseUrl), which is how viper finds it
}

// aliases are other spellings accepted in the config file (Atender's camelCase; kb-id, the flag's spelling,
// for kbId).
var aliases = map[string]string{"onconflict": "on-conflict", "prunemode": "prune-mode", "baseurl": "base-url", "summarylength": "summary-length", "maxfilesize": "max-file-size", "ratelimit": "rate-limit", "kb-id": "kbId"}

// keyNames are the names a config file may hold, lower-cased, with the table key they mean.
func keyNames() map[string]string {
	m := map[string]string{}
	for _, s := range Settings {
		if s.Key != "" {
			m[strings.ToLower(s.Key)] = s.Key
		}
	}
	for a, k := range aliases {
		m[a] = k
	}
	return m
}

// MaxConfigSize is the largest config file read.
const MaxConfigSize = 1 << 20

// readConfigFile reads a YAML (or JSON) config file into table keys. Every problem names the file and the
// line: a syntax error, a key the table does not know (with the nearest known key), a key for the API key.
func readConfigFile(path string) (map[string]fileValue, error) {
	b, err := readConfigBytes(path)
	if err != nil {
		return nil, err
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".yaml", ".yml", ".json", "":
	default:
		return nil, fmt.Errorf("config file %s: write it in YAML (.atender.yaml)", path)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("config file %s: %s", path, yamlError(err))
	}
	out := map[string]fileValue{}
	if len(doc.Content) == 0 {
		return out, nil // an empty file
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d: the config file must be a mapping of settings (key: value)", path, root.Line)
	}
	w := &configWalk{path: path, known: keyNames(), out: out}
	if err := w.walk(root, ""); err != nil {
		return nil, err
	}
	// The walk above checked every key and knows its line; viper decodes the values (one fresh instance per
	// read, never a package-level one), so a config file means to atender what it means to any viper-based
	// tool: YAML or JSON, keys matched case-insensitively, nested sections by dotted path.
	v := viper.New()
	v.SetConfigType("yaml")
	if err := v.ReadConfig(bytes.NewReader(b)); err != nil {
		return nil, fmt.Errorf("config file %s: %v", path, err)
	}
	for key, fv := range out {
		if fv.raw == nil {
			fv.raw = v.Get(fv.name)
		}
		out[key] = fv
	}
	return out, nil
}

// configWalk checks the keys of a config file's mapping and notes the line of each value.
type configWalk struct {
	path  string
	known map[string]string
	out   map[string]fileValue
}

func (w *configWalk) walk(n *yaml.Node, prefix string) error {
	path, known := w.path, w.known
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		name := prefix + k.Value
		lower := strings.ToLower(name)
		switch lower {
		case "api-key", "apikey", "api_key", "key", "atender_api_key":
			return fmt.Errorf("%s:%d: remove %q: the API key never goes in a config file (it gets committed); set %s in the environment or a .env file that Git ignores", path, k.Line, name, KeyEnvVar)
		}
		if prefix == "" && isParent(lower) && v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
			continue // "links:" with every line under it commented out
		}
		if v.Kind == yaml.MappingNode && prefix == "" && isParent(lower) {
			if err := w.walk(v, k.Value+"."); err != nil {
				return err
			}
			continue
		}
		key, ok := known[lower]
		if !ok {
			msg := fmt.Sprintf("%s:%d: unknown setting %q", path, k.Line, name)
			if s := suggest(name, knownKeys()); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			} else {
				msg += "; the settings are listed in the README (Configuration)"
			}
			return errors.New(msg)
		}
		if err := w.value(key, name, v); err != nil {
			return err
		}
	}
	return nil
}

// value checks the kind of a known key's value and notes where it is (a null value is no value).
func (w *configWalk) value(key, name string, v *yaml.Node) error {
	path := w.path
	switch v.Kind {
	case yaml.ScalarNode:
		if v.Tag == "!!null" {
			return nil
		}
	case yaml.SequenceNode:
	case yaml.MappingNode:
		st, _ := Lookup(key)
		if st.Type == TypeNames {
			fv, err := namesValue(path, name, v, st)
			if err != nil {
				return err
			}
			w.out[key] = fv
			return nil
		}
		if st.Type != TypeMap {
			return fmt.Errorf("%s:%d: %s: expected %s, got a nested mapping", path, v.Line, name, st.expected())
		}
	default:
		return fmt.Errorf("%s:%d: %s: expected a value", path, v.Line, name)
	}
	w.out[key] = fileValue{name: name, line: v.Line}
	return nil
}

// readConfigBytes reads a config file, with an error that says what is wrong with it.
func readConfigBytes(path string) ([]byte, error) {
	b, err := safefile.Read(path, MaxConfigSize)
	if err != nil {
		var nr *safefile.NotRegularError
		var tl *safefile.TooLargeError
		switch {
		case errors.As(err, &nr):
			return nil, fmt.Errorf("config file %s: not a regular file (%s); name a YAML file", path, nr.Kind)
		case errors.As(err, &tl):
			return nil, fmt.Errorf("config file %s: larger than %s; a config file holds a few settings", path, safefile.Size(tl.Limit))
		}
		return nil, fmt.Errorf("reading config file %s: %w", path, err)
	}
	return b, nil
}

func isParent(s string) bool {
	for _, st := range Settings {
		if strings.HasPrefix(strings.ToLower(st.Key), s+".") {
			return true
		}
	}
	return false
}

func knownKeys() []string {
	var ks []string
	seen := map[string]bool{}
	for _, s := range Settings {
		if s.Key != "" {
			ks = append(ks, s.Key)
			if i := strings.Index(s.Key, "."); i > 0 && !seen[s.Key[:i]] {
				seen[s.Key[:i]] = true
				ks = append(ks, s.Key[:i])
			}
		}
	}
	sort.Strings(ks)
	return ks
}

// yamlError keeps the parser's "line N: …" and drops its "yaml: " prefix.
func yamlError(err error) string {
	return strings.TrimPrefix(err.Error(), "yaml: ")
}

// suggest returns the candidate nearest to s (edit distance at most 3, or a prefix/suffix match), or "".
func suggest(s string, candidates []string) string {
	best, bestD := "", 4
	ls := strings.ToLower(s)
	for _, c := range candidates {
		lc := strings.ToLower(c)
		d := distance(ls, lc)
		if d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// distance is the Levenshtein distance with adjacent transpositions counted as one edit.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

// checkVariables finds ATENDER_* names that look like a misspelt setting (ATENDER_CONCURENCY): a typo would
// otherwise be ignored in silence. Names far from every setting (other tools' variables) are left alone.
func checkVariables(names []string, where string) error {
	var known []string
	for _, s := range Settings {
		if s.Env != "" {
			known = append(known, s.Env)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		if !strings.HasPrefix(n, "ATENDER_") {
			continue
		}
		isKnown := false
		for _, k := range known {
			isKnown = isKnown || k == n
		}
		if isKnown {
			continue
		}
		if s := suggest(n, known); s != "" && distance(strings.ToLower(n), strings.ToLower(s)) <= 2 {
			return fmt.Errorf("%s: unknown variable %s; did you mean %s?", where, n, s)
		}
	}
	return nil
}

// namesValue reads a map of names (fields:) from its YAML node: viper lowercases map keys, and frontmatter
// field names are case-sensitive (sidebarTitle).
func namesValue(path, name string, v *yaml.Node, st Setting) (fileValue, error) {
	var m map[string]any
	if err := v.Decode(&m); err != nil {
		return fileValue{}, fmt.Errorf("%s:%d: %s: expected %s", path, v.Line, name, st.expected())
	}
	return fileValue{name: name, line: v.Line, raw: m}, nil
}

// checkFilePath keeps a path: written in a config file inside the repository: the one that holds the config
// file or the one the command runs in (outside Git: the config file's folder or the working directory). A
// pull request can change the config, and a path: of /etc or ../../.. would have validate list the host's
// files in CI logs and sync publish them. The path is resolved as it is used (relative to the working
// directory), through symbolic links where it exists. A folder given on the command line or in the
// environment is the user's choice and is not checked here.
func checkFilePath(cfgFile string, line int, p, workDir string) error {
	if p == "" {
		return nil
	}
	target := p
	if !filepath.IsAbs(target) {
		target = filepath.Join(workDir, target)
	}
	target = realPath(target)
	var roots []string
	for _, dir := range []string{filepath.Dir(cfgFile), workDir} {
		root := findup.RepoRoot(dir)
		if root == "" {
			root = dir
		}
		if safefile.Within(realPath(root), target) {
			return nil
		}
		roots = append(roots, root)
	}
	where := "the repository"
	if findup.RepoRoot(workDir) == "" && findup.RepoRoot(filepath.Dir(cfgFile)) == "" {
		where = "the config file's folder and the working directory"
	}
	return fmt.Errorf("%s:%d: path: %q is outside %s (%s); a config file may name only a folder inside it. Move the docs there, or give the folder on the command line (atender kb validate DIR) if you mean it", cfgFile, line, p, where, strings.Join(slices.Compact(roots), ", "))
}

// realPath is p cleaned and, where it exists, with its symbolic links resolved.
func realPath(p string) string {
	p = filepath.Clean(p)
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	return p
}
