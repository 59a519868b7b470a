package cli_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/atender/atender/internal/cli"
	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/config"
)

// F8: a secret mapped onto the wrong setting (ATENDER_TIMEOUT=$ATENDER_API_KEY, `concurrency: sa_test_…` in
// the config file, --timeout "$KEY", a .env line) made the setting's error quote the key in full, on stderr
// and in the -o json error document. Every setting of the table, from each layer that can set it, with the
// key as its value: the key shows nowhere, in any case (ATENDER_ENV is lower-cased before it is checked).
// The streams are not redacted here, so this proves the messages themselves never carry it.
func TestNoSettingErrorQuotesTheKey(t *testing.T) {
	t.Parallel()
	const key = "sa_test_ADVERSARIALSECRET0123456789"
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "docs", "general"), 0o755)
	os.WriteFile(filepath.Join(dir, "docs", "general", "a.md"), []byte("# A\n\nText.\n"), 0o644)
	offline := "http://127.0.0.1:1/api/v1/kb"
	checked := 0
	for _, s := range config.Settings {
		if s.Env == config.KeyEnvVar {
			continue
		}
		type layer struct {
			name  string
			env   map[string]string
			files map[string]string
			args  []string
		}
		var layers []layer
		if s.Env != "" {
			layers = append(layers,
				layer{"environment", map[string]string{config.KeyEnvVar: key, s.Env: key}, nil, nil},
				layer{".env", map[string]string{}, map[string]string{".env": config.KeyEnvVar + "=" + key + "\n" + s.Env + "=" + key + "\n"}, nil})
		}
		if s.Key != "" {
			parts := strings.Split(s.Key, ".")
			yaml := ""
			for i, p := range parts {
				yaml += strings.Repeat("  ", i) + p + ":"
				if i < len(parts)-1 {
					yaml += "\n"
				}
			}
			layers = append(layers, layer{"config file", map[string]string{config.KeyEnvVar: key}, map[string]string{".atender.yaml": yaml + " " + key + "\n"}, nil})
		}
		if s.Flag != "" {
			layers = append(layers, layer{"flag", map[string]string{config.KeyEnvVar: key}, nil, []string{"--" + s.Flag + "=" + key}})
		}
		for _, l := range layers {
			for _, mode := range []string{"text", "json"} {
				name := s.Env + "/" + s.Flag + " " + l.name + " " + mode
				work := filepath.Join(dir, strings.NewReplacer("/", "_", " ", "_").Replace(name))
				os.MkdirAll(work, 0o755)
				os.Symlink(filepath.Join(dir, "docs"), filepath.Join(work, "docs"))
				for n, c := range l.files {
					os.WriteFile(filepath.Join(work, n), []byte(c), 0o600)
				}
				args := []string{"kb", "sync", "docs", "--dry-run"}
				if s.Key != "base-url" { // a --base-url flag would win over the layer under test
					args = append(args, "--base-url", offline)
				}
				if mode == "json" && s.Flag != "output" {
					args = append(args, "-o", "json")
				}
				args = append(args, l.args...)
				f, out, errOut := cmdutil.NewForTest(l.env, work)
				cli.Run(context.Background(), f, args)
				all := out.String() + errOut.String()
				if all == "" {
					t.Fatalf("%s: nothing printed", name)
				}
				if strings.Contains(strings.ToLower(all), strings.ToLower(key)) {
					t.Errorf("%s: the key is shown:\n%s", name, all)
				}
				checked++
			}
		}
	}
	if checked < 100 {
		t.Fatalf("only %d combinations checked", checked)
	}
}
