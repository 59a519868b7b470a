// Package safefile reads the small files a user or a repository hands to atender (.env, the config file,
// _category.yml, .atenderignore) without trusting what they are: a symlink to /dev/zero or /dev/urandom
// would be read until memory runs out, and opening a FIFO blocks until a writer comes. Only regular files
// are read, and only up to a limit.
package safefile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// NotRegularError says the path (or what its symlink points to) is not a regular file.
type NotRegularError struct {
	Path string
	Kind string // "a named pipe (FIFO)", "a device", …
}

func (e *NotRegularError) Error() string {
	return fmt.Sprintf("%s is not a regular file (%s)", e.Path, e.Kind)
}

// TooLargeError says the file is larger than the reader's limit.
type TooLargeError struct {
	Path  string
	Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s is larger than %s", e.Path, Size(e.Limit))
}

// Size writes a byte count for people: 65536 → "64 KiB".
func Size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// Kind names what a non-regular file is.
func Kind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m.IsDir():
		return "a folder"
	}
	return "not a plain file"
}

// Read returns the content of path when it is a regular file (after following symlinks) of at most limit
// bytes. The file is opened without blocking and checked again once open, so a file swapped for a FIFO or a
// device between the two looks is not read either. A missing file is an error that matches fs.ErrNotExist.
func Read(path string, limit int64) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, &NotRegularError{Path: path, Kind: Kind(fi.Mode())}
	}
	if fi.Size() > limit {
		return nil, &TooLargeError{Path: path, Limit: limit}
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	now, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !now.Mode().IsRegular() {
		return nil, &NotRegularError{Path: path, Kind: Kind(now.Mode())}
	}
	if !os.SameFile(fi, now) {
		return nil, &NotRegularError{Path: path, Kind: "replaced while atender was opening it"}
	}
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: path, Err: err}
	}
	if int64(len(b)) > limit {
		return nil, &TooLargeError{Path: path, Limit: limit}
	}
	return b, nil
}

// IsRefused reports whether err is one of Read's refusals (not a regular file, too large).
func IsRefused(err error) bool {
	var nr *NotRegularError
	var tl *TooLargeError
	return errors.As(err, &nr) || errors.As(err, &tl)
}
