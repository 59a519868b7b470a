package action

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v3"
)

// The release archives are what the Action and every install downloads by name, so the config that makes
// them is checked here on every run, whether or not goreleaser is installed: the six targets, a static
// reproducible build, the archive names install.sh expects, and a SHA-256 checksums.txt.
func TestReleaseConfigBuildsTheSixTargetsWithChecksums(t *testing.T) {
	t.Parallel()
	var cfg struct {
		Version int `yaml:"version"`
		Builds  []struct {
			Main    string   `yaml:"main"`
			Env     []string `yaml:"env"`
			Flags   []string `yaml:"flags"`
			Ldflags []string `yaml:"ldflags"`
			Goos    []string `yaml:"goos"`
			Goarch  []string `yaml:"goarch"`
		} `yaml:"builds"`
		Archives []struct {
			Formats         []string `yaml:"formats"`
			NameTemplate    string   `yaml:"name_template"`
			FormatOverrides []struct {
				Goos    string   `yaml:"goos"`
				Formats []string `yaml:"formats"`
			} `yaml:"format_overrides"`
		} `yaml:"archives"`
		Checksum struct {
			NameTemplate string `yaml:"name_template"`
			Algorithm    string `yaml:"algorithm"`
		} `yaml:"checksum"`
	}
	readYAML(t, filepath.Join(root, ".goreleaser.yaml"), &cfg)
	if cfg.Version != 2 {
		t.Errorf("version: %d, want 2 (goreleaser v2)", cfg.Version)
	}
	if len(cfg.Builds) != 1 {
		t.Fatalf("%d builds, want 1", len(cfg.Builds))
	}
	b := cfg.Builds[0]
	if b.Main != "./cmd/atender" {
		t.Errorf("main: %q", b.Main)
	}
	if !slices.Contains(b.Env, "CGO_ENABLED=0") || !slices.Contains(b.Flags, "-trimpath") {
		t.Errorf("env %v, flags %v: want CGO_ENABLED=0 and -trimpath", b.Env, b.Flags)
	}
	var targets []string
	for _, goos := range b.Goos {
		for _, arch := range b.Goarch {
			targets = append(targets, goos+"/"+arch)
		}
	}
	slices.Sort(targets)
	want := []string{"darwin/amd64", "darwin/arm64", "linux/amd64", "linux/arm64", "windows/amd64", "windows/arm64"}
	if !slices.Equal(targets, want) {
		t.Errorf("targets %v, want %v", targets, want)
	}
	ld := strings.Join(b.Ldflags, " ")
	for _, v := range []string{"cmdutil.Version=", "cmdutil.Commit=", "cmdutil.Date="} {
		if !strings.Contains(ld, v) {
			t.Errorf("ldflags do not set %s: %s", v, ld)
		}
	}
	if len(cfg.Archives) != 1 {
		t.Fatalf("%d archives, want 1", len(cfg.Archives))
	}
	a := cfg.Archives[0]
	if a.NameTemplate != "{{ .ProjectName }}_{{ .Version }}_{{ .Os }}_{{ .Arch }}" {
		t.Errorf("archive name %q: install.sh downloads atender_<version>_<os>_<arch>", a.NameTemplate)
	}
	if !slices.Equal(a.Formats, []string{"tar.gz"}) {
		t.Errorf("formats %v, want tar.gz", a.Formats)
	}
	if len(a.FormatOverrides) != 1 || a.FormatOverrides[0].Goos != "windows" || !slices.Equal(a.FormatOverrides[0].Formats, []string{"zip"}) {
		t.Errorf("format overrides %+v, want zip on windows", a.FormatOverrides)
	}
	if cfg.Checksum.NameTemplate != "checksums.txt" || cfg.Checksum.Algorithm != "sha256" {
		t.Errorf("checksum %+v, want checksums.txt with sha256", cfg.Checksum)
	}
}

// The release workflow may sign provenance and publish, and nothing else: a token broader than that is
// what an attacker who lands a tag would use.
func TestReleaseWorkflowAttestsWithTheLeastPermissions(t *testing.T) {
	t.Parallel()
	var wf struct {
		On struct {
			Push struct {
				Tags []string `yaml:"tags"`
			} `yaml:"push"`
		} `yaml:"on"`
		Permissions map[string]string `yaml:"permissions"`
		Jobs        map[string]struct {
			Steps []struct {
				Uses string            `yaml:"uses"`
				With map[string]string `yaml:"with"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	readYAML(t, filepath.Join(root, ".github", "workflows", "release.yml"), &wf)
	if len(wf.On.Push.Tags) == 0 || !strings.HasPrefix(wf.On.Push.Tags[0], "v") {
		t.Errorf("release runs on tags %v, want v* tags", wf.On.Push.Tags)
	}
	wantPerm := map[string]string{"contents": "write", "id-token": "write", "attestations": "write"}
	if len(wf.Permissions) != len(wantPerm) {
		t.Errorf("permissions %v, want exactly %v", wf.Permissions, wantPerm)
	}
	for k, v := range wantPerm {
		if wf.Permissions[k] != v {
			t.Errorf("permission %s: %q, want %q", k, wf.Permissions[k], v)
		}
	}
	var goreleaser, attest bool
	for _, j := range wf.Jobs {
		for _, s := range j.Steps {
			switch {
			case strings.HasPrefix(s.Uses, "goreleaser/goreleaser-action@"):
				goreleaser = s.With["version"] != "" && s.With["version"] != "latest"
			case strings.HasPrefix(s.Uses, "actions/attest-build-provenance@"):
				p := s.With["subject-path"]
				attest = strings.Contains(p, "checksums.txt") && strings.Contains(p, ".tar.gz") && strings.Contains(p, ".zip")
			}
		}
	}
	if !goreleaser {
		t.Error("no goreleaser-action step with a pinned version")
	}
	if !attest {
		t.Error("no attest-build-provenance step over the archives and checksums.txt")
	}
}

func readYAML(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// goreleaser itself accepts .goreleaser.yaml, where goreleaser is installed (a release machine; here
// make snapshot runs the pinned version with go run). The test above checks the config everywhere.
func TestGoreleaserAcceptsTheConfig(t *testing.T) {
	t.Parallel()
	bin, err := exec.LookPath("goreleaser")
	if err != nil {
		t.Skip("goreleaser is not installed")
	}
	cmd := exec.Command(bin, "check", ".goreleaser.yaml")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("goreleaser check: %v\n%s", err, out)
	}
}
