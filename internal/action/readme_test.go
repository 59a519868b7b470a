package action

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// readmeSection is the text of the README section under heading (up to the next "## ").
func readmeSection(t *testing.T, heading string) string {
	t.Helper()
	s := read(t, filepath.Join(root, "README.md"))
	i := strings.Index(s, "\n"+heading+"\n")
	if i < 0 {
		t.Fatalf("README has no %q section", heading)
	}
	s = s[i+len(heading)+2:]
	if j := strings.Index(s, "\n## "); j >= 0 {
		s = s[:j]
	}
	return s
}

// firstShellBlock is the first ```sh block of md.
func firstShellBlock(t *testing.T, md string) string {
	t.Helper()
	_, after, ok := strings.Cut(md, "```sh\n")
	if !ok {
		t.Fatal("no ```sh block")
	}
	block, _, _ := strings.Cut(after, "```")
	return block
}

// The README's install commands, run as a user would paste them, against a release mirror on loopback: they
// download the archive and checksums.txt, the checksum line says OK, gh attestation verify is asked about
// that archive, and the binary runs. With one byte of the archive changed, the checksum line refuses it and
// nothing is installed.
func TestReadmeInstallCommandsVerifyAndInstallARelease(t *testing.T) {
	t.Parallel()
	for _, tool := range []string{"bash", "curl", "tar", "sha256sum", "install"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed", tool)
		}
	}
	block := firstShellBlock(t, readmeSection(t, "## Install"))
	for _, want := range []string{"sha256sum -c --ignore-missing checksums.txt", "gh attestation verify", "--repo atender/atender", "atender version"} {
		if !strings.Contains(block, want) {
			t.Fatalf("the README's release install lacks %q:\n%s", want, block)
		}
	}
	const github = "https://github.com/atender/atender/releases"
	if !strings.Contains(block, github) {
		t.Fatalf("the README's release install does not download from %s:\n%s", github, block)
	}
	for _, tc := range []struct {
		name    string
		corrupt bool
	}{{"verified", false}, {"one byte changed", true}} {
		t.Run(tc.name, func(t *testing.T) {
			m := newReleaseMirror(t)
			archives := m.publish(t, "9.9.9", "linux_amd64", "linux_arm64", "darwin_arm64")
			if tc.corrupt {
				name := "atender_9.9.9_linux_amd64.tar.gz"
				b := archives[name]
				b[len(b)/2] ^= 1
				m.files["/download/v9.9.9/"+name] = b
			}
			dir := t.TempDir()
			bin := filepath.Join(dir, "bin")
			os.MkdirAll(bin, 0o755)
			calls := filepath.Join(dir, "gh-calls")
			// gh records what it is asked; sudo installs into bin instead of /usr/local/bin.
			os.WriteFile(filepath.Join(bin, "gh"), []byte("#!/bin/sh\necho \"$*\" >>"+calls+"\n"), 0o755)
			os.WriteFile(filepath.Join(bin, "sudo"), []byte("#!/bin/sh\n[ \"$1\" = install ] && exec install \"$2\" "+bin+"/\nexit 9\n"), 0o755)
			script := strings.ReplaceAll(block, github, m.URL)
			script = regexp.MustCompile(`(?m)^v=\S+`).ReplaceAllString(script, "v=9.9.9")
			cmd := exec.Command("bash", "-euo", "pipefail", "-c", script)
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
			out, err := cmd.CombinedOutput()
			if tc.corrupt {
				if err == nil || !strings.Contains(string(out), "FAILED") {
					t.Fatalf("a changed archive was not refused (err %v):\n%s", err, out)
				}
				if _, err := os.Stat(filepath.Join(bin, "atender")); err == nil {
					t.Fatal("the changed archive was installed")
				}
				return
			}
			if err != nil {
				t.Fatalf("%v:\n%s", err, out)
			}
			if !strings.Contains(string(out), "atender_9.9.9_linux_amd64.tar.gz: OK") || !strings.Contains(string(out), "atender v9.9.9 (linux_amd64)") {
				t.Fatalf("the checksum was not OK or the binary did not run:\n%s", out)
			}
			if got := read(t, calls); got != "attestation verify atender_9.9.9_linux_amd64.tar.gz --repo atender/atender\n" {
				t.Fatalf("gh was asked %q", got)
			}
		})
	}
}

// The README names the Go version go.mod needs wherever it names one, installs with go install …@latest,
// pins the Action by major tag or commit SHA, and keeps the two commands a newcomer starts with.
func TestReadmeNamesGoModsGoVersionAndHowToPin(t *testing.T) {
	t.Parallel()
	gomod := read(t, filepath.Join(root, "go.mod"))
	want := regexp.MustCompile(`(?m)^go (\S+)$`).FindStringSubmatch(gomod)
	if want == nil {
		t.Fatal("go.mod has no go line")
	}
	readme := read(t, filepath.Join(root, "README.md"))
	named := regexp.MustCompile(`\bGo\W{0,4}(\d+\.\d+(?:\.\d+)?)`).FindAllStringSubmatch(readme, -1)
	if len(named) == 0 {
		t.Fatal("the README names no Go version")
	}
	for _, m := range named {
		if m[1] != want[1] {
			t.Errorf("the README names Go %s, go.mod needs %s", m[1], want[1])
		}
	}
	install := readmeSection(t, "## Install")
	for _, s := range []string{"go install github.com/atender/atender/cmd/atender@latest", "uses: atender/atender@v1\n",
		"uses: atender/atender@<40-character commit SHA>"} {
		if !strings.Contains(install, s) {
			t.Errorf("the Install section lacks %q", s)
		}
	}
	for _, s := range []string{"\nmake demo ", "\nmake test "} {
		if !strings.Contains(firstShellBlock(t, readmeSection(t, "## Two commands")), strings.TrimPrefix(s, "\n")) {
			t.Errorf("the README's first commands lack %q", s)
		}
	}
}
