//go:build unix

package safefile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// F9: a symlink to /dev/zero, a FIFO, a folder and a file over the limit are refused at once, never read;
// a regular file (also through a symlink) is read.
func TestReadRefusesWhatIsNotASmallRegularFile(t *testing.T) {
	dir := t.TempDir()
	reg := filepath.Join(dir, "reg")
	if err := os.WriteFile(reg, []byte("A=b\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big")
	if err := os.WriteFile(big, []byte(strings.Repeat("x", 65)), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	zero := filepath.Join(dir, "zero")
	fifo := filepath.Join(dir, "fifo")
	if err := os.Symlink(reg, link); err != nil {
		t.Skip("no symlinks here:", err)
	}
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	for _, p := range []string{reg, link} {
		if b, err := Read(p, 64); err != nil || string(b) != "A=b\n" {
			t.Fatalf("%s: %q, %v", p, b, err)
		}
	}
	for p, kind := range map[string]string{zero: "a device", fifo: "a named pipe (FIFO)", dir: "a folder"} {
		_, err := Read(p, 64)
		var nr *NotRegularError
		if !errors.As(err, &nr) || nr.Kind != kind || !IsRefused(err) {
			t.Errorf("%s: %v, want not a regular file (%s)", p, err, kind)
		}
	}
	_, err := Read(big, 64)
	var tl *TooLargeError
	if !errors.As(err, &tl) || err.Error() != big+" is larger than 64 bytes" {
		t.Errorf("big: %v", err)
	}
	if _, err := Read(filepath.Join(dir, "missing"), 64); !errors.Is(err, fs.ErrNotExist) || IsRefused(err) {
		t.Errorf("missing: %v", err)
	}
	if Size(64<<10) != "64 KiB" || Size(1<<20) != "1 MiB" {
		t.Error(Size(64<<10), Size(1<<20))
	}
}
