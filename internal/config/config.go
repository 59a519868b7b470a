// Package config resolves the settings of one invocation into a typed Config.
//
// Precedence, highest first: a flag the user set > the environment (ATENDER_*) > a .env file (the working
// directory's, or --env-file) > the config file (.atender.yaml, or --config) > defaults. A .env value never
// overrides a real environment variable. The API key is read only from the environment or .env: there is no
// flag (it would land in shell history and process lists) and the config file is refused as a place for it
// (it gets committed).
package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/atender/atender/internal/facts"
	"github.com/atender/atender/internal/findup"
	"github.com/spf13/pflag"
)

// KeyEnvVar is where the API key is looked up.
const KeyEnvVar = "ATENDER_API_KEY"

// Config is every setting of one invocation, resolved and typed: commands never parse a setting again.
type Config struct {
	APIKey          string
	KeySource       string // "environment variable ATENDER_API_KEY" or the .env path
	Env             string
	BaseURL         string
	BaseURLExplicit bool
	KBID            string // the knowledge base (?kbId=); "" = the tenant's default
	RateLimit       int    // requests per minute; 0 = follow the server
	Timeout         time.Duration
	Concurrency     int // 0 = by rate tier
	Debug           bool
	Output          Output // resolved: never empty
	Path            string
	Strict          bool
	PruneMode       PruneMode
	OnConflict      OnConflict
	Defaults        Defaults
	Exclude         []string
	Links           Links
	Assets          Assets
	SummaryLength   int
	MaxFileSize     int64
	Slugs           string            // file or path
	Markdown        Markdown          // markdown.admonitions, markdown.titleHeading
	Rules           map[string]string // diagnostic code → error, warning or off
	Preset          string            // docs generator preset; "" = detect, "none"
	Fields          map[string]string // frontmatter field → atender field or "ignore"
	ConfigFile      string            // the config file that was read, if any
	DotenvFile      string            // the .env file that was read, if any
	// DotenvErr is why the .env file could not be read; it stops every command that needs the key.
	DotenvErr error

	// Warnings are things the user should hear about but that did not stop the run.
	Warnings []string
	// Annotations are warnings about a secret at risk (a .env with the key that Git would commit): printed
	// as warnings too, and in GitHub Actions also as an annotation, where reviewers look.
	Annotations []string
}

// Defaults apply to pages whose frontmatter leaves a field out.
type Defaults struct {
	Status   string
	Category string
}

// Links configures link rewriting.
type Links struct {
	BaseURL    string
	SitePrefix string // the old site's path prefix of the docs, stripped from site-path links
	RepoURL    string // the repository's web address, for links to its files outside the docs folder
	RepoRef    string // the branch, tag or commit of those links; "" = the checked-out branch
}

// Markdown says what to do with syntax Atender will not render.
type Markdown struct {
	Admonitions  string // convert or keep
	TitleHeading string // warn, strip or keep
}

// Assets configures image rewriting.
type Assets struct {
	BaseURL string
}

// EnvName returns the environment variable for a setting key.
func EnvName(key string) string {
	r := strings.NewReplacer("-", "_", ".", "_")
	return "ATENDER_" + strings.ToUpper(r.Replace(key))
}

// LoadOptions says where to look.
type LoadOptions struct {
	Flags  *pflag.FlagSet // flags of the command; only those the user set count
	Getenv func(string) string
	// Actions: the program runs in GitHub Actions (runenv.Env), so the output defaults to github.
	Actions bool
	Environ func() []string // the environment's names, to catch misspelt ATENDER_ variables; nil skips
	WorkDir string
	Dir     string // the docs folder given on the command line, where a config file is also looked for
	// OnKey, if set, is given the API key as soon as it is known: before any other setting is checked.
	OnKey func(key string)
}

// ConfigName is the config file looked for when --config is not given.
const ConfigName = ".atender.yaml"

// discover finds the config file: the working directory's, else DIR's or the nearest one above DIR up to
// the repository root (a config beside the docs of a monorepo is found from anywhere). Outside a repository
// only DIR itself is looked at, so a stray file in a home folder is never picked up.
func discover(workDir, dir string) string {
	if p := filepath.Join(workDir, ConfigName); findup.IsFile(p) {
		return p
	}
	if dir == "" {
		return ""
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(workDir, dir)
	}
	return findUp(dir, ConfigName)
}

// findUp is the file called name in dir or the nearest folder above it up to the repository root; outside
// a repository only dir itself is looked at. "" when there is none.
func findUp(dir, name string) string {
	return findup.File(dir, name, findup.Bound{MaxUp: -1, InRepo: true})
}

// Load resolves the configuration. The API key is resolved first (environment, then .env) and handed to
// o.OnKey before any other setting is read, so that a redactor knows it while they are checked; and no
// error or warning of Load quotes a value that looks like an API key (a secret mapped onto the wrong
// setting, ATENDER_TIMEOUT=$ATENDER_API_KEY): it says so instead (see HideKeys).
func Load(o LoadOptions) (*Config, error) {
	cfg, err := load(o)
	if err != nil {
		if h := HideKeys(err.Error()); h != err.Error() {
			return nil, errors.New(h)
		}
		return nil, err
	}
	for i, w := range cfg.Warnings {
		cfg.Warnings[i] = HideKeys(w)
	}
	for i, w := range cfg.Annotations {
		cfg.Annotations[i] = HideKeys(w)
	}
	return cfg, nil
}

// keyLike matches what looks like an API key, in any case (ATENDER_ENV is lower-cased before it is
// checked), with the quotes of a %q around it.
var keyLike = regexp.MustCompile(`(?i)"?\bsa_(?:live|test)_[a-z0-9_-]{12,}"?`)

// HideKeys replaces every value in s that looks like an API key (sa_live_…, sa_test_… and at least 12
// more characters) with words that say so. Masks (sa_test_ab…f9) and placeholders are left alone.
func HideKeys(s string) string {
	return keyLike.ReplaceAllString(s, "a value that looks like an API key (not shown; the key belongs in "+KeyEnvVar+" only)")
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// checkBaseURL accepts https anywhere and plain http only on loopback, where no one can read the key.
func checkBaseURL(raw string) error {
	u, err := url.Parse(raw)
	if err == nil && u.User != nil {
		// The user part is never printed: it would be in clear in the job summary, the result JSON and
		// doctor's output; the API key is what authenticates.
		u.User = nil
		return fmt.Errorf("base URL %q holds a user name or password (user:password@): remove it, the API key in %s is what authenticates; a password there would be printed in logs and reports", u.String(), KeyEnvVar)
	}
	if err != nil || u.Host == "" {
		return fmt.Errorf("base URL %q is not an absolute URL (expected e.g. https://prod.atender.dev/api/v1/kb)", raw)
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		if IsLoopback(u.Hostname()) {
			return nil
		}
		return fmt.Errorf("base URL %q uses plain http to a host that is not loopback: the API key would cross the network unencrypted; use https (plain http is accepted only for 127.0.0.1, ::1 and localhost, e.g. the emulator)", raw)
	default:
		return fmt.Errorf("base URL %q: scheme must be https (or http on loopback)", raw)
	}
}

// IsLoopback reports whether host is localhost or a loopback address.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// CheckKey runs the checks that need no request: a key is present, has a known prefix, and fits the
// environment. It returns warnings, or an error that says what to do.
func (c *Config) CheckKey() (warnings []string, err error) {
	if c.APIKey == "" {
		return nil, fmt.Errorf("no API key: set %s in the environment or in a .env file in the working directory (or --env-file PATH). Create a key in Atender under Settings → API Keys with the scopes knowledge:read and knowledge:write", KeyEnvVar)
	}
	if IsPlaceholder(c.APIKey) {
		return nil, fmt.Errorf("the API key from %s is a placeholder (%s), as in .env.example: put your real key there. Create one in Atender under Settings → API Keys with the scopes knowledge:read and knowledge:write", c.KeySource, c.APIKey)
	}
	kind := facts.KeyKind(c.APIKey)
	if kind == "" {
		warnings = append(warnings, fmt.Sprintf("the API key %s has neither the sa_live_ nor the sa_test_ prefix; Atender keys start with one of them", facts.MaskKey(c.APIKey)))
	}
	if c.BaseURLExplicit || kind == "" {
		return warnings, nil
	}
	if kind == "test" && c.Env == "prod" {
		return warnings, fmt.Errorf("refusing to send a sandbox key (%s) to production (%s): a sa_test_ key is issued on dev/staging and does not authenticate against production. Use --env staging or --env dev, or a sa_live_ key", facts.MaskKey(c.APIKey), c.BaseURL)
	}
	if kind == "live" && c.Env != "prod" {
		return warnings, fmt.Errorf("refusing to send a production key (%s) to %s (%s): a sa_live_ key works only against production. Use --env prod, or a sa_test_ key for %s", facts.MaskKey(c.APIKey), c.Env, c.BaseURL, c.Env)
	}
	return warnings, nil
}

// IsPlaceholder reports whether key is an example value rather than a key (sa_test_replace_me of
// .env.example, "your-key-here", a bare prefix): it is worth saying so instead of sending it.
func IsPlaceholder(key string) bool {
	rest := strings.ToLower(strings.TrimPrefix(strings.TrimPrefix(key, "sa_live_"), "sa_test_"))
	if rest == "" {
		return true
	}
	for _, p := range []string{"replace", "your", "placeholder", "changeme", "change_me", "example", "xxxx", "<", "..."} {
		if strings.Contains(rest, p) {
			return true
		}
	}
	return false
}
