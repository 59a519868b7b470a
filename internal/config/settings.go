package config

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"
)

// Type is the type of a setting's value.
type Type string

// Setting types.
const (
	TypeString   Type = "string"
	TypeInt      Type = "integer"
	TypeBool     Type = "boolean"
	TypeDuration Type = "duration"
	TypeList     Type = "list"
	TypeURL      Type = "URL"
	TypeEnum     Type = "enum"
	TypeMap      Type = "map"
	// TypeNames is a map whose keys are names to keep as written (frontmatter fields: sidebarTitle).
	TypeNames Type = "map of names"
)

// Setting is one row of the settings table: where a setting can be given (flag, environment variable, .env,
// config file key), its default and its type. The table binds flags and variables to config keys, validates
// values, and generates the README's settings table, so the three cannot drift apart.
type Setting struct {
	Key     string // config file key; "" for a setting the config file must not hold
	Flag    string // flag name; "" when there is none
	Short   string // one-letter flag shorthand
	Env     string // environment variable (also read from .env)
	Default string // as written on the command line; "" = empty
	// DefaultDoc describes the default in the README when the value alone would not say it.
	DefaultDoc string
	Type       Type     //
	Values     []string // the allowed values of a TypeEnum
	Max        int      // the largest value of a TypeInt; 0: no bound
	Usage      string   // one line, for --help and the README
	// Command names the command that has the flag, "" for a global flag.
	Command string
	set     func(c *Config, v any)
}

// MaxConcurrency bounds the concurrency setting. If the server hides what a run created, each write in
// flight can become a published duplicate before the breaker stops the run, so the bound is the damage.
const MaxConcurrency = 32

// Settings is the table. Its order is the README's.
var Settings = []Setting{
	{Key: "", Env: KeyEnvVar, Type: TypeString, DefaultDoc: "none", Usage: "the API key; environment or .env only, never a flag or the config file"},
	{Key: "", Flag: "config", Env: "ATENDER_CONFIG", Type: TypeString, DefaultDoc: "`.atender.yaml`", Usage: "config file (default: .atender.yaml in the working directory, else beside the docs folder up to the repository root)"},
	{Key: "", Flag: "env-file", Type: TypeString, DefaultDoc: "`.env`", Usage: "read settings and ATENDER_API_KEY from this .env file (default: the working directory's .env, else the nearest one above it up to the repository root)"},
	{Key: "env", Flag: "env", Env: "ATENDER_ENV", Default: "prod", Type: TypeString, Values: []string{"prod", "staging", "dev"}, // checked by Load, which knows --base-url
		Usage: "Atender environment: prod, staging or dev", set: func(c *Config, v any) { c.Env = v.(string) }},
	{Key: "base-url", Flag: "base-url", Env: "ATENDER_BASE_URL", Type: TypeString, DefaultDoc: "from `env`: `https://prod.atender.dev/api/v1/kb`, …", // checked by checkBaseURL
		Usage: "KB API base URL, overriding --env; plain http only on loopback", set: func(c *Config, v any) { c.BaseURL = v.(string) }},
	{Key: "kbId", Flag: "kb-id", Env: "ATENDER_KB_ID", Type: TypeString, DefaultDoc: "none: the tenant's default knowledge base",
		Usage: "the knowledge base to use, sent as ?kbId= on every request (unset: the tenant's default)", set: func(c *Config, v any) { c.KBID = v.(string) }},
	{Key: "output", Flag: "output", Short: "o", Env: "ATENDER_OUTPUT", Type: TypeEnum, DefaultDoc: "`github` in GitHub Actions, else `text`", Values: []string{"text", "json", "github"},
		Usage: "output format: text, json or github (default github inside GitHub Actions, else text)", set: func(c *Config, v any) { c.Output = Output(v.(string)) }},
	{Key: "rate-limit", Flag: "rate-limit", Env: "ATENDER_RATE_LIMIT", Default: "0", Type: TypeInt, DefaultDoc: "`0`: follow `X-RateLimit-Limit`",
		Usage: "at most this many requests per minute (0: follow the server's X-RateLimit-Limit)", set: func(c *Config, v any) { c.RateLimit = v.(int) }},
	{Key: "timeout", Flag: "timeout", Env: "ATENDER_TIMEOUT", Default: "30s", Type: TypeDuration,
		Usage: "timeout of one HTTP request", set: func(c *Config, v any) { c.Timeout = v.(time.Duration) }},
	{Key: "debug", Flag: "debug", Env: "ATENDER_DEBUG", Default: "false", Type: TypeBool,
		Usage: "trace every request to stderr (the key is never shown)", set: func(c *Config, v any) { c.Debug = v.(bool) }},
	{Key: "path", Env: "ATENDER_PATH", Type: TypeString, DefaultDoc: "`docs`, or the preset's (`src/content/docs` for Starlight, MkDocs' `docs_dir`, …)",
		Usage: "the docs folder when no DIR is given", set: func(c *Config, v any) { c.Path = v.(string) }},
	{Key: "strict", Flag: "strict", Command: "kb validate, kb sync", Env: "ATENDER_STRICT", Default: "false", Type: TypeBool,
		Usage: "treat every docs warning as an error", set: func(c *Config, v any) { c.Strict = v.(bool) }},
	// At most MaxConcurrency: the duplicate breaker bounds the duplicates a run makes by the writes in flight.
	{Key: "concurrency", Flag: "concurrency", Command: "kb sync", Env: "ATENDER_CONCURRENCY", Default: "0", Type: TypeInt, Max: MaxConcurrency, DefaultDoc: "`0`: by tier, 2 on starter, 4, 8",
		Usage: "parallel requests (0: by rate tier, 2 on starter, up to 8; at most 32, which bounds the duplicates a run can make)", set: func(c *Config, v any) { c.Concurrency = v.(int) }},
	{Key: "prune-mode", Flag: "prune-mode", Command: "kb sync", Env: "ATENDER_PRUNE_MODE", Default: "archive", Type: TypeEnum, Values: []string{"archive", "delete"},
		Usage: "how --prune removes: archive or delete (hard delete)", set: func(c *Config, v any) { c.PruneMode = PruneMode(v.(string)) }},
	{Key: "on-conflict", Flag: "on-conflict", Command: "kb sync", Env: "ATENDER_ON_CONFLICT", Default: "fail", Type: TypeEnum, Values: []string{"fail", "skip", "overwrite"},
		Usage: "an article edited in Atender since the last sync: fail, skip or overwrite (kb sync --force: overwrite)", set: func(c *Config, v any) { c.OnConflict = OnConflict(v.(string)) }},
	{Key: "defaults.status", Env: "ATENDER_DEFAULTS_STATUS", Default: "draft", Type: TypeEnum, Values: []string{"draft", "published", "needs-review", "archived"},
		Usage: "status of a page whose frontmatter has none", set: func(c *Config, v any) { c.Defaults.Status = v.(string) }},
	{Key: "defaults.category", Env: "ATENDER_DEFAULTS_CATEGORY", Type: TypeString, DefaultDoc: "none",
		Usage: "category of a page outside any category folder", set: func(c *Config, v any) { c.Defaults.Category = v.(string) }},
	{Key: "exclude", Env: "ATENDER_EXCLUDE", Type: TypeList, DefaultDoc: "none",
		Usage: "gitignore-style patterns of files to leave out (comma-separated in the environment)", set: func(c *Config, v any) { c.Exclude = v.([]string) }},
	{Key: "links.baseUrl", Env: "ATENDER_LINKS_BASEURL", Type: TypeURL, DefaultDoc: "none (`/knowledge/<slug>`)",
		Usage: "public base URL of the articles, for rewritten links", set: func(c *Config, v any) { c.Links.BaseURL = v.(string) }},
	{Key: "assets.baseUrl", Env: "ATENDER_ASSETS_BASEURL", Type: TypeURL, DefaultDoc: "none (relative images are errors)",
		Usage: "base URL where images are served, for rewritten images", set: func(c *Config, v any) { c.Assets.BaseURL = v.(string) }},
	{Key: "links.sitePrefix", Env: "ATENDER_LINKS_SITEPREFIX", Type: TypeString, DefaultDoc: "none",
		Usage: "path prefix of the docs on the old site (e.g. /docs), stripped from site-path links", set: func(c *Config, v any) { c.Links.SitePrefix = v.(string) }},
	{Key: "links.repoUrl", Env: "ATENDER_LINKS_REPOURL", Type: TypeURL, DefaultDoc: "none (MkDocs preset: `repo_url`)",
		Usage: "the repository's web address: links to its files outside the docs folder point there instead of failing", set: func(c *Config, v any) { c.Links.RepoURL = v.(string) }},
	{Key: "links.repoRef", Env: "ATENDER_LINKS_REPOREF", Type: TypeString, DefaultDoc: "the checked-out branch",
		Usage: "branch, tag or commit of links.repoUrl links", set: func(c *Config, v any) { c.Links.RepoRef = v.(string) }},
	{Key: "preset", Flag: "preset", Command: "kb validate, kb sync", Env: "ATENDER_PRESET", Type: TypeEnum, DefaultDoc: "detected from the repository",
		Values: []string{"docusaurus", "starlight", "mintlify", "mkdocs", "vitepress", "hugo", "none"},
		Usage:  "the docs generator the tree is written for: its defaults (slugs, unpublished files, fields, converters) apply under your settings", set: func(c *Config, v any) { c.Preset = v.(string) }},
	{Key: "fields", Env: "ATENDER_FIELDS", Type: TypeNames, DefaultDoc: "the preset's",
		Usage: "frontmatter field → atender field (title, summary, …) or ignore (`field=target,…` in the environment)", set: func(c *Config, v any) { c.Fields = v.(map[string]string) }},
	{Key: "slugs", Env: "ATENDER_SLUGS", Type: TypeEnum, Values: []string{"file", "path"}, DefaultDoc: "`file`; with a named `preset:` `path`",
		Usage: "a missing slug from the file name, or from the path (guide/variables.md → guide-variables)", set: func(c *Config, v any) { c.Slugs = v.(string) }},
	{Key: "markdown.admonitions", Env: "ATENDER_MARKDOWN_ADMONITIONS", Default: "convert", Type: TypeEnum, Values: []string{"convert", "keep"},
		Usage: "`:::tip` admonitions become a block quote with a bold label, or are sent as written", set: func(c *Config, v any) { c.Markdown.Admonitions = v.(string) }},
	{Key: "markdown.titleHeading", Env: "ATENDER_MARKDOWN_TITLEHEADING", Default: "warn", Type: TypeEnum, Values: []string{"warn", "strip", "keep"},
		Usage: "a first heading that repeats the title: warn, strip it, or keep it silently", set: func(c *Config, v any) { c.Markdown.TitleHeading = v.(string) }},
	{Key: "rules", Env: "ATENDER_RULES", Type: TypeMap, DefaultDoc: "none",
		Usage: "diagnostic code → error, warning or off (`code=off,code=warning` in the environment)", set: func(c *Config, v any) { c.Rules = v.(map[string]string) }},
	{Key: "summary-length", Env: "ATENDER_SUMMARY_LENGTH", Default: "200", Type: TypeInt,
		Usage: "longest summary taken from the first paragraph, in characters", set: func(c *Config, v any) { c.SummaryLength = v.(int) }},
	{Key: "max-file-size", Env: "ATENDER_MAX_FILE_SIZE", Default: "1048576", Type: TypeInt,
		Usage: "largest Markdown file read, in bytes", set: func(c *Config, v any) { c.MaxFileSize = int64(v.(int)) }},
}

// Lookup returns the row of a config key or flag name.
func Lookup(name string) (Setting, bool) {
	for _, s := range Settings {
		if s.Key == name && name != "" || s.Flag == name && name != "" {
			return s, true
		}
	}
	return Setting{}, false
}

// AddFlag defines the flag of a setting on fs, with the table's usage. Defaults stay in the table: an
// unset flag never shadows the environment or the config file.
func AddFlag(fs *pflag.FlagSet, name string) {
	s, ok := Lookup(name)
	if !ok || s.Flag == "" {
		panic("config: no flag " + name)
	}
	usage := s.Usage
	if s.Env != "" {
		usage += " (env " + s.Env + ")"
	}
	switch s.Type {
	case TypeInt:
		fs.IntP(s.Flag, s.Short, 0, usage)
	case TypeBool:
		fs.BoolP(s.Flag, s.Short, false, usage)
	case TypeDuration:
		fs.DurationP(s.Flag, s.Short, 0, usage)
	default:
		fs.StringP(s.Flag, s.Short, "", usage)
	}
	if s.Default != "" && s.Default != "0" && s.Default != "false" {
		fs.Lookup(s.Flag).DefValue = s.Default
	}
}

// parse turns a raw value (a string from a flag or variable, or a YAML scalar or list) into the setting's
// Go value, or says what was expected: maps and lists by their shape, anything else from its text.
func (s Setting) parse(raw any) (any, error) {
	switch s.Type {
	case TypeMap:
		return parseMap(raw)
	case TypeNames:
		m, err := parseMap(raw)
		if err != nil {
			return nil, fmt.Errorf("expected %s", s.expected())
		}
		return namesAsWritten(raw, m), nil
	case TypeList:
		return parseList(raw)
	}
	v, ok := scalarText(raw)
	if !ok {
		return nil, fmt.Errorf("expected %s", s.expected())
	}
	val, valid := s.parseText(v)
	if !valid {
		return nil, fmt.Errorf("expected %s, got %q", s.expected(), v)
	}
	return val, nil
}

// scalarText is a scalar's text, trimmed; ok is false for a list or map.
func scalarText(raw any) (string, bool) {
	switch v := raw.(type) {
	case string:
		return strings.TrimSpace(v), true
	case int, int64, float64, bool:
		return fmt.Sprint(v), true
	}
	return "", false
}

// parseList takes a list from a flag, a YAML list, or text (comma- or space-separated).
func parseList(raw any) (any, error) {
	switch v := raw.(type) {
	case []string:
		return v, nil
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			out = append(out, fmt.Sprint(x))
		}
		return out, nil
	case string:
		if strings.Contains(v, ",") {
			return splitList(v), nil
		}
		return strings.Fields(v), nil
	}
	return nil, fmt.Errorf("expected a list of patterns")
}

// parseText is the value of a scalar setting written as v; valid is false when v is not one.
func (s Setting) parseText(v string) (val any, valid bool) {
	switch s.Type {
	case TypeInt:
		n, err := strconv.Atoi(v)
		return n, err == nil && n >= 0 && (s.Max <= 0 || n <= s.Max)
	case TypeBool:
		b, err := strconv.ParseBool(v)
		return b, err == nil
	case TypeDuration:
		d, err := time.ParseDuration(v)
		return d, err == nil && d > 0
	case TypeEnum:
		l := strings.ToLower(v)
		if l == "" && s.Default == "" {
			return "", true
		}
		return l, slices.Contains(s.Values, l)
	case TypeURL:
		if v == "" {
			return "", true
		}
		u, err := url.Parse(v)
		return v, err == nil && u.Host != "" && (u.Scheme == "https" || u.Scheme == "http")
	}
	return v, true
}

// expected says in words what a value of the setting looks like.
func (s Setting) expected() string {
	switch s.Type {
	case TypeInt:
		if s.Max > 0 {
			return fmt.Sprintf("a whole number from 0 to %d", s.Max)
		}
		return "a whole number of 0 or more"
	case TypeBool:
		return "true or false"
	case TypeDuration:
		return "a positive duration such as 30s or 2m"
	case TypeEnum:
		return "one of " + strings.Join(s.Values, ", ")
	case TypeURL:
		return "an absolute URL such as https://help.example.com"
	case TypeList:
		return "a list"
	case TypeMap:
		return "a map of code: severity"
	case TypeNames:
		return "a map of field: target"
	}
	return "a string"
}

// MarkdownTable renders the settings table for the README (between the settings markers; a test keeps
// it current).
func MarkdownTable() string {
	var b strings.Builder
	b.WriteString("| config key | flag | environment / `.env` | default | type | what it does |\n|---|---|---|---|---|---|\n")
	code := func(s string) string {
		if s == "" {
			return "—"
		}
		return "`" + s + "`"
	}
	for _, s := range Settings {
		flag := ""
		if s.Flag != "" {
			flag = "--" + s.Flag
			if s.Short != "" {
				flag = "-" + s.Short + ", " + flag
			}
		}
		if s.Command != "" {
			flag = code(flag) + " (" + s.Command + ")"
		} else {
			flag = code(flag)
		}
		def := s.DefaultDoc
		if def == "" {
			def = code(s.Default)
		}
		typ := string(s.Type)
		if len(s.Values) > 0 {
			typ = "`" + strings.Join(s.Values, "`, `") + "`"
		}
		if s.Max > 0 {
			typ = fmt.Sprintf("integer, 0 to %d", s.Max)
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", code(s.Key), flag, code(s.Env), def, typ, s.Usage)
	}
	return b.String()
}

// parseMap reads `rules:`: a YAML map, or `code=severity,…` from the environment. Values are lowercased;
// which codes and severities exist is the docs package's to say.
func parseMap(raw any) (map[string]string, error) {
	out := map[string]string{}
	switch v := raw.(type) {
	case nil:
		return out, nil
	case map[string]any:
		for k, x := range v {
			if b, ok := x.(bool); ok && !b {
				x = "off" // YAML 1.1 readers turn a bare off into false
			}
			out[strings.ToLower(strings.TrimSpace(k))] = strings.ToLower(strings.TrimSpace(fmt.Sprint(x)))
		}
		return out, nil
	case string:
		for _, kv := range splitList(v) {
			k, x, ok := strings.Cut(kv, "=")
			if !ok {
				return nil, fmt.Errorf("expected code=severity pairs separated by commas, got %q", kv)
			}
			out[strings.ToLower(strings.TrimSpace(k))] = strings.ToLower(strings.TrimSpace(x))
		}
		return out, nil
	}
	return nil, fmt.Errorf("expected a map of code: severity")
}

// namesAsWritten gives back the keys of a name map as written (parseMap lowercases them).
func namesAsWritten(raw any, m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	add := func(k string) {
		if v, ok := m[strings.ToLower(strings.TrimSpace(k))]; ok {
			out[strings.TrimSpace(k)] = v
		}
	}
	switch v := raw.(type) {
	case map[string]any:
		for k := range v {
			add(k)
		}
	case string:
		for _, kv := range splitList(v) {
			k, _, _ := strings.Cut(kv, "=")
			add(k)
		}
	}
	return out
}
