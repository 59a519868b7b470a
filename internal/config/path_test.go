package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestConfigPathStaysInsideTheRepository(t *testing.T) {
	repo := t.TempDir()
	if err := os.Mkdir(filepath.Join(repo, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(repo, "site")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	outside := t.TempDir()
	if err := os.Symlink(outside, filepath.Join(repo, "elsewhere")); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, workDir, path string
		ok                  bool
	}{
		{"absolute /etc", repo, "/etc", false},
		{"climbing out", sub, "../../..", false},
		{"through a link out of the repository", repo, "elsewhere", false},
		{"a folder of the repository", repo, "docs", true},
		{"from a subfolder, up to the repository root", sub, "..", true},
		{"absolute inside the repository", repo, filepath.Join(repo, "site", "docs"), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			write(t, tc.workDir, ".atender.yaml", "kbId: kb_1\npath: "+tc.path+"\n")
			defer os.Remove(filepath.Join(tc.workDir, ".atender.yaml"))
			cfg, err := Load(LoadOptions{Flags: flags(), Getenv: envOf(nil), WorkDir: tc.workDir})
			if tc.ok {
				if err != nil || cfg.Path != tc.path {
					t.Fatalf("path %q: got %v, %+v", tc.path, err, cfg)
				}
				return
			}
			if err == nil {
				t.Fatalf("path %q from the config file was accepted", tc.path)
			}
			for _, want := range []string{".atender.yaml:2: path:", "outside the repository", "command line"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not say %q", err, want)
				}
			}
		})
	}
}

func TestConfigPathOutsideGitStaysInTheConfigFolder(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, ".atender.yaml", "path: ..\n")
	_, err := Load(LoadOptions{Flags: flags(), Getenv: envOf(nil), WorkDir: dir})
	if err == nil || !strings.Contains(err.Error(), "outside the config file's folder and the working directory") {
		t.Fatalf("got %v", err)
	}
	// A config file kept elsewhere (--config) may name a folder of the working directory.
	work := t.TempDir()
	_, err = Load(LoadOptions{Flags: flags("--config", filepath.Join(dir, ".atender.yaml")), Getenv: envOf(nil), WorkDir: work})
	if err == nil || !strings.Contains(err.Error(), "outside the config file's folder and the working directory") {
		t.Fatalf("got %v", err)
	}
	write(t, dir, ".atender.yaml", "path: docs\n")
	cfg, err := Load(LoadOptions{Flags: flags("--config", filepath.Join(dir, ".atender.yaml")), Getenv: envOf(nil), WorkDir: work})
	if err != nil || cfg.Path != "docs" {
		t.Fatalf("got %v", err)
	}
}

// The environment and the command line are the user's own choice.
func TestPathFromTheEnvironmentIsNotContained(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, ".atender.yaml", "path: /etc\n")
	cfg, err := Load(LoadOptions{Flags: flags(), Getenv: envOf(map[string]string{"ATENDER_PATH": "/srv/docs"}), WorkDir: dir})
	if err != nil || cfg.Path != "/srv/docs" {
		t.Fatalf("got %v, %+v", err, cfg)
	}
}

// A base URL with a password is refused, and the error does not repeat the password: it would otherwise be
// printed in the job summary footer, the result JSON and doctor's output.
func TestBaseURLWithAPasswordIsRefused(t *testing.T) {
	secret := "hunter" + "2pass"
	for _, raw := range []string{"http://user:" + secret + "@127.0.0.1:9/api/v1/kb", "https://" + secret + "@kb.example/api"} {
		_, err := Load(LoadOptions{Flags: flags("--base-url", raw), Getenv: envOf(nil), WorkDir: t.TempDir()})
		if err == nil || !strings.Contains(err.Error(), "user name or password") || strings.Contains(err.Error(), secret) {
			t.Errorf("%s: got %v", raw, err)
		}
	}
	_, err := Load(LoadOptions{Flags: flags(), Getenv: envOf(map[string]string{"ATENDER_BASE_URL": "http://u:" + secret + "@localhost:1/x"}), WorkDir: t.TempDir()})
	if err == nil || strings.Contains(err.Error(), secret) {
		t.Errorf("from the environment: got %v", err)
	}
}
