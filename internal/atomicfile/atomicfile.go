// Package atomicfile writes files so that a reader (or a crash, or Ctrl-C) never sees half of one: the
// content goes to a temporary file in the same folder, is synced, and is renamed over the target.
package atomicfile

import (
	"os"
	"path/filepath"
)

// Write replaces path with b, with the given permissions.
func Write(path string, b []byte, mode os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".atender-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
