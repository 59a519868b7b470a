package action

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// The tools install.sh may use: bash, curl, tar (with its gzip), sha256sum and a few coreutils. The test
// PATH holds exactly these, so Go (or anything else) being needed would fail the test.
var installTools = []string{"bash", "curl", "tar", "gzip", "sha256sum", "mkdir", "mktemp", "rm", "chmod", "basename", "cat", "sort", "tail", "grep", "sed"}

// releaseMirror serves a release as GitHub does (<base>/download/<tag>/<file>) and the tags API, on loopback.
type releaseMirror struct {
	*httptest.Server
	mu    sync.Mutex
	files map[string][]byte // path → body
	hits  []string
	// pad is the size of the incompressible bytes after the stand-in binary's script (0: none), so an
	// archive can weigh what a real release's does.
	pad int
}

func newReleaseMirror(t testing.TB) *releaseMirror {
	m := &releaseMirror{files: map[string][]byte{}}
	m.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m.mu.Lock()
		m.hits = append(m.hits, r.URL.Path)
		b, ok := m.files[r.URL.Path]
		m.mu.Unlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Write(b)
	}))
	t.Cleanup(m.Close)
	return m
}

func (m *releaseMirror) requests() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.hits)
}

// publish puts version's archives for the given os_arch pairs and their checksums.txt on the mirror; the
// archive holds an `atender` that prints its version (followed by m.pad random bytes), and a README.md, as
// goreleaser's do.
func (m *releaseMirror) publish(t testing.TB, version string, targets ...string) map[string][]byte {
	archives := map[string][]byte{}
	var sums strings.Builder
	for _, target := range targets {
		name := "atender_" + version + "_" + target + ".tar.gz"
		pad := make([]byte, m.pad)
		rand.Read(pad)
		script := "#!/bin/sh\necho \"atender v" + version + " (" + target + ")\"\n"
		if m.pad > 0 {
			script += "exit 0\n" + string(pad)
		}
		b := tarGz(t, map[string]string{"atender": script, "README.md": "# atender\n"})
		archives[name] = b
		m.files["/download/v"+version+"/"+name] = b
		fmt.Fprintf(&sums, "%x  %s\n", sha256.Sum256(b), name)
	}
	m.files["/download/v"+version+"/checksums.txt"] = []byte(sums.String())
	return archives
}

func tarGz(t testing.TB, files map[string]string) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for _, name := range []string{"atender", "README.md"} {
		body := files[name]
		mode := int64(0o644)
		if name == "atender" {
			mode = 0o755
		}
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: mode, Size: int64(len(body)), ModTime: time.Unix(0, 0)}); err != nil {
			t.Fatal(err)
		}
		tw.Write([]byte(body))
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	zw.Close()
	return buf.Bytes()
}

// toolsPath is a folder of links to exactly installTools (and extra, e.g. a fake gh); there is no go in it.
func toolsPath(t testing.TB, extra map[string]string) string {
	dir := t.TempDir()
	for _, tool := range installTools {
		p, err := exec.LookPath(tool)
		if err != nil {
			t.Skipf("%s is not installed: %v", tool, err)
		}
		if err := os.Symlink(p, filepath.Join(dir, tool)); err != nil {
			t.Fatal(err)
		}
	}
	for name, script := range extra {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

type installRun struct {
	out, path, output string
	code              int
}

// install runs install.sh as the action's install step would, with PATH = toolsPath only.
func install(t testing.TB, dir, pathDir string, env ...string) installRun {
	t.Helper()
	script, _ := filepath.Abs(filepath.Join(root, "internal", "action", "install.sh"))
	actionPath, _ := filepath.Abs(root)
	ghPath, ghOutput := filepath.Join(dir, "github_path"), filepath.Join(dir, "github_output")
	os.WriteFile(ghPath, nil, 0o644)
	os.WriteFile(ghOutput, nil, 0o644)
	cmd := exec.Command(filepath.Join(pathDir, "bash"), script)
	cmd.Dir = dir
	cmd.Env = append([]string{"PATH=" + pathDir, "HOME=" + dir, "TMPDIR=" + dir, "GITHUB_ACTIONS=true",
		"GITHUB_ACTION_PATH=" + actionPath, "RUNNER_TEMP=" + filepath.Join(dir, "temp"),
		"RUNNER_TOOL_CACHE=" + filepath.Join(dir, "toolcache"), "RUNNER_OS=Linux", "RUNNER_ARCH=X64",
		"GITHUB_PATH=" + ghPath, "GITHUB_OUTPUT=" + ghOutput}, env...)
	os.MkdirAll(filepath.Join(dir, "temp"), 0o755)
	out, err := cmd.CombinedOutput()
	r := installRun{out: string(out), path: read(t, ghPath), output: read(t, ghOutput)}
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return r
}

// With no Go on PATH, the install step downloads the release archive from a mirror, checks its SHA-256,
// and puts the binary on GITHUB_PATH; the second time it comes from the tool cache. (How long it takes is
// BenchmarkInstallFromMirror's number.)
func TestInstallDownloadsAVerifiedReleaseWithoutGo(t *testing.T) {
	t.Parallel()
	m := newReleaseMirror(t)
	m.publish(t, "9.9.9", "linux_amd64", "linux_arm64", "darwin_arm64")
	pathDir := toolsPath(t, nil)
	if p, err := exec.LookPath(filepath.Join(pathDir, "go")); err == nil {
		t.Fatalf("go is on the test PATH: %s", p)
	}
	dir := t.TempDir()
	r := install(t, dir, pathDir, "ATENDER_RELEASE_BASE_URL="+m.URL, "INPUT_VERSION=9.9.9")
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.out)
	}
	binDir := filepath.Join(dir, "toolcache", "atender", "9.9.9", "amd64")
	if r.path != binDir+"\n" {
		t.Fatalf("GITHUB_PATH = %q, want %q", r.path, binDir)
	}
	if !strings.Contains(r.out, "atender v9.9.9 (linux_amd64)") || !strings.Contains(r.out, "matches checksums.txt") {
		t.Errorf("output:\n%s", r.out)
	}
	if !strings.Contains(r.output, "from-source=false\n") {
		t.Errorf("GITHUB_OUTPUT = %q", r.output)
	}
	// auto, and no gh here: installed, and the log says what was and was not verified
	if !strings.Contains(r.out, "::notice title=atender install::the build provenance of atender_9.9.9_linux_amd64.tar.gz was not verified (gh or a token is missing); its SHA-256 checksum was") {
		t.Errorf("no notice about the provenance:\n%s", r.out)
	}
	want := []string{"/download/v9.9.9/atender_9.9.9_linux_amd64.tar.gz", "/download/v9.9.9/checksums.txt"}
	if got := m.requests(); !slices.Equal(got, want) {
		t.Errorf("requests %v, want %v", got, want)
	}

	again := install(t, dir, pathDir, "ATENDER_RELEASE_BASE_URL="+m.URL, "INPUT_VERSION=v9.9.9")
	if again.code != 0 || !strings.Contains(again.out, "from the tool cache") || again.path != binDir+"\n" || len(m.requests()) != 2 {
		t.Fatalf("second install: exit %d, %d requests\n%s", again.code, len(m.requests()), again.out)
	}

	t.Run("the runner's OS and architecture pick the archive", func(t *testing.T) {
		r := install(t, t.TempDir(), pathDir, "ATENDER_RELEASE_BASE_URL="+m.URL, "INPUT_VERSION=9.9.9", "RUNNER_OS=macOS", "RUNNER_ARCH=ARM64")
		if r.code != 0 || !strings.Contains(r.out, "atender v9.9.9 (darwin_arm64)") {
			t.Fatalf("exit %d\n%s", r.code, r.out)
		}
	})
	t.Run("no archive for the platform: built from source", func(t *testing.T) {
		r := install(t, t.TempDir(), pathDir, "ATENDER_RELEASE_BASE_URL="+m.URL, "INPUT_VERSION=9.9.9", "RUNNER_ARCH=X86")
		if r.code != 0 || !strings.Contains(r.out, "no release archive for Linux/X86: building atender from source") || r.output != "from-source=true\n" || r.path != "" {
			t.Fatalf("exit %d, GITHUB_OUTPUT %q\n%s", r.code, r.output, r.out)
		}
	})
}

// BenchmarkInstallFromMirror is the install step's time (the target: at most 5 s on a warm network), with
// no Go on PATH and an empty tool cache, for an archive of a real release's weight (a 12 MiB binary,
// incompressible) from a mirror on loopback: download, SHA-256 check, unpack, GITHUB_PATH.
func BenchmarkInstallFromMirror(b *testing.B) {
	m := newReleaseMirror(b)
	m.pad = 12 << 20
	m.publish(b, "9.9.9", "linux_amd64")
	pathDir := toolsPath(b, nil)
	for b.Loop() {
		dir := b.TempDir()
		if r := install(b, dir, pathDir, "ATENDER_RELEASE_BASE_URL="+m.URL, "INPUT_VERSION=9.9.9"); r.code != 0 || r.path == "" {
			b.Fatalf("exit %d, GITHUB_PATH %q\n%s", r.code, r.path, r.out)
		}
	}
}

// The same archive with one byte changed is refused: nothing installed, nothing on GITHUB_PATH.
func TestInstallRefusesAnArchiveWhoseChecksumDiffers(t *testing.T) {
	t.Parallel()
	m := newReleaseMirror(t)
	archives := m.publish(t, "9.9.9", "linux_amd64")
	name := "atender_9.9.9_linux_amd64.tar.gz"
	b := bytes.Clone(archives[name])
	b[len(b)/2] ^= 0x01
	m.files["/download/v9.9.9/"+name] = b
	dir := t.TempDir()
	r := install(t, dir, toolsPath(t, nil), "ATENDER_RELEASE_BASE_URL="+m.URL, "INPUT_VERSION=9.9.9")
	if r.code == 0 || !strings.Contains(r.out, "::error title=atender install::checksum mismatch for "+name) || !strings.Contains(r.out, "refusing to install it") {
		t.Fatalf("exit %d\n%s", r.code, r.out)
	}
	if r.path != "" {
		t.Errorf("GITHUB_PATH = %q after a refused download", r.path)
	}
	if _, err := os.Stat(filepath.Join(dir, "toolcache", "atender", "9.9.9", "amd64", "atender")); err == nil {
		t.Error("the refused binary is in the tool cache")
	}

	// an archive checksums.txt does not list is refused too
	m.files["/download/v9.9.9/checksums.txt"] = []byte(fmt.Sprintf("%x  atender_9.9.9_linux_arm64.tar.gz\n", sha256.Sum256(b)))
	r = install(t, t.TempDir(), toolsPath(t, nil), "ATENDER_RELEASE_BASE_URL="+m.URL, "INPUT_VERSION=9.9.9")
	if r.code == 0 || !strings.Contains(r.out, "checksums.txt of v9.9.9 has no checksum for "+name) || r.path != "" {
		t.Fatalf("unlisted archive: exit %d\n%s", r.code, r.out)
	}
}

// verify-provenance: true needs gh and a token and says which is missing; with gh there, its verdict decides.
func TestInstallVerifiesProvenanceWithGh(t *testing.T) {
	t.Parallel()
	m := newReleaseMirror(t)
	m.publish(t, "9.9.9", "linux_amd64")
	base := []string{"ATENDER_RELEASE_BASE_URL=" + m.URL, "INPUT_VERSION=9.9.9"}

	r := install(t, t.TempDir(), toolsPath(t, nil), append(base, "INPUT_VERIFY_PROVENANCE=true", "GH_TOKEN=t0ken")...)
	if r.code == 0 || !strings.Contains(r.out, "verify-provenance is true but gh (the GitHub CLI) is not on PATH") || r.path != "" {
		t.Fatalf("true without gh: exit %d\n%s", r.code, r.out)
	}

	dir := t.TempDir()
	ghLog := filepath.Join(dir, "gh.log")
	gh := "#!/bin/bash\necho \"$GH_TOKEN $*\" >>" + ghLog + "\n[ \"$FAKE_GH_OK\" = yes ] && exit 0\necho 'no attestation found' >&2\nexit 1\n"
	withGh := toolsPath(t, map[string]string{"gh": gh})

	r = install(t, dir, withGh, append(base, "INPUT_VERIFY_PROVENANCE=true")...)
	if r.code == 0 || !strings.Contains(r.out, "verify-provenance is true but there is no token for gh") || r.path != "" {
		t.Fatalf("true without a token: exit %d\n%s", r.code, r.out)
	}
	r = install(t, dir, withGh, append(base, "GITHUB_TOKEN=t0ken", "FAKE_GH_OK=yes")...)
	if r.code != 0 || !strings.Contains(r.out, "build provenance verified") || r.path == "" {
		t.Fatalf("auto with gh: exit %d\n%s", r.code, r.out)
	}
	if l := read(t, ghLog); !strings.HasPrefix(l, "t0ken attestation verify ") || !strings.HasSuffix(l, "/atender_9.9.9_linux_amd64.tar.gz --repo atender/atender\n") {
		t.Fatalf("gh was called as %q", l)
	}
	r = install(t, t.TempDir(), withGh, append(base, "GH_TOKEN=t0ken")...)
	if r.code == 0 || !strings.Contains(r.out, "no attestation found") || !strings.Contains(r.out, "could not be verified (gh attestation verify --repo atender/atender): refusing to install it") || r.path != "" {
		t.Fatalf("auto, gh says no: exit %d\n%s", r.code, r.out)
	}
	r = install(t, t.TempDir(), withGh, append(base, "GH_TOKEN=t0ken", "INPUT_VERIFY_PROVENANCE=false")...)
	if r.code != 0 || strings.Contains(r.out, "provenance") || r.path == "" {
		t.Fatalf("false: exit %d\n%s", r.code, r.out)
	}
	r = install(t, t.TempDir(), withGh, append(base, "INPUT_VERIFY_PROVENANCE=maybe")...)
	if r.code == 0 || !strings.Contains(r.out, "verify-provenance must be auto, true or false, got 'maybe'") {
		t.Fatalf("maybe: exit %d\n%s", r.code, r.out)
	}
}

// Without a version input, the action's own ref decides: a release tag is installed (a major tag as its
// newest release), a branch or commit is built from source with a notice and nothing downloaded.
func TestInstallVersionFromTheActionRef(t *testing.T) {
	t.Parallel()
	m := newReleaseMirror(t)
	m.publish(t, "9.9.9", "linux_amd64")
	m.files["/repos/atender/atender/git/matching-refs/tags/v9."] = []byte(`[
  {"ref": "refs/tags/v9.2.0"}, {"ref": "refs/tags/v9.10.0-rc.1"}, {"ref": "refs/tags/v9.9.9"}, {"ref": "refs/tags/v9.10.0-beta"}
]`)
	pathDir := toolsPath(t, nil)
	env := []string{"ATENDER_RELEASE_BASE_URL=" + m.URL, "GITHUB_API_URL=" + m.URL}
	for _, ref := range []string{"v9.9.9", "v9"} {
		r := install(t, t.TempDir(), pathDir, append(env, "ATENDER_ACTION_REF="+ref)...)
		if r.code != 0 || !strings.Contains(r.out, "atender v9.9.9 (linux_amd64)") {
			t.Fatalf("ref %s: exit %d\n%s", ref, r.code, r.out)
		}
	}
	before := len(m.requests())
	for ref, notice := range map[string]string{
		"main":   "the action's ref 'main' is not a release tag: building atender from source",
		"v8":     "could not find the newest release of v8: building atender from source",
		"":       "the action's ref 'unknown' is not a release tag",
		"5e2833": "the action's ref '5e2833' is not a release tag",
	} {
		r := install(t, t.TempDir(), pathDir, append(env, "ATENDER_ACTION_REF="+ref)...)
		if r.code != 0 || !strings.Contains(r.out, "::notice title=atender install::"+notice) || r.output != "from-source=true\n" || r.path != "" {
			t.Fatalf("ref %q: exit %d, GITHUB_OUTPUT %q\n%s", ref, r.code, r.output, r.out)
		}
	}
	if got := m.requests()[before:]; len(got) != 1 || got[0] != "/repos/atender/atender/git/matching-refs/tags/v8." {
		t.Errorf("a source build downloaded %v", got)
	}
	r := install(t, t.TempDir(), pathDir, append(env, "INPUT_VERSION=main")...)
	if r.code != 0 || !strings.Contains(r.out, "version 'main' is not a release (vX.Y.Z): building atender from source") || r.output != "from-source=true\n" {
		t.Fatalf("version main: exit %d\n%s", r.code, r.out)
	}
}
