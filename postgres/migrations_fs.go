package postgres

import (
	"bytes"
	"io"
	"io/fs"
	"time"
)

// MigrationsFS returns this release's migrations as files for a host's own
// migration tool: one file per step at the root, named NNNN_name.sql, so
// that fs.ReadDir lists them in the order they must be applied. Each file
// holds what Migrate runs for the step: the SQL of the step, then the
// statement that records it in carenet.schema_migrations, so the store
// knows the schema's version whichever tool applied it (see CheckSchema).
//
// The files are for the schema carenet, or for the one WithSchema names
// among opts (the other options do not matter here): every name of the
// schema in them is that schema's, so a host with a schema per center
// takes the files of each center's schema and applies them as it would
// the default's, each set recorded in its own schema. (A tool that keeps
// one history table per run of its own, such as golang-migrate, needs one
// such history per schema too.) Returns Invalid, naming the field
// "schema", for a schema name ValidateSchemaName refuses.
//
// A host that keeps its own tool (goose, golang-migrate, Atlas, Flyway, a
// script of its own) applies each file once, in order, each in one
// transaction, and records it under its own bookkeeping as well: copy the
// files into its migrations folder under its own naming (golang-migrate
// wants NNNN_name.up.sql; "carenet migrate -print" writes them all out),
// or walk this FS from Go. A file applied in a single exec as several
// statements runs in one implicit transaction, so a failed step leaves
// nothing behind. Store.Migrate and such a tool may be mixed: each skips
// what the other recorded. Returns an Internal error if the embedded files
// are malformed.
func MigrationsFS(opts ...Option) (fs.FS, error) {
	ms, err := Migrations(opts...)
	if err != nil {
		return nil, err
	}
	files := make([]memFile, len(ms))
	for i, m := range ms {
		files[i] = memFile{name: m.FileName(), data: []byte(m.SQL)}
	}
	return memFS(files), nil
}

// memFS is a read-only file system of a few files at its root, listed in
// the order given.
type memFS []memFile

type memFile struct {
	name string
	data []byte
}

func (f memFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if name == "." {
		return &memDir{files: f}, nil
	}
	for _, file := range f {
		if file.name == name {
			return &openFile{memFile: file, r: bytes.NewReader(file.data)}, nil
		}
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

// openFile is an open file of a memFS.
type openFile struct {
	memFile
	r *bytes.Reader
}

func (f *openFile) Stat() (fs.FileInfo, error) { return fileInfo{f.memFile}, nil }
func (f *openFile) Read(p []byte) (int, error) { return f.r.Read(p) }
func (f *openFile) Close() error               { return nil }

// memDir is the open root of a memFS.
type memDir struct {
	files memFS
	next  int
}

func (d *memDir) Stat() (fs.FileInfo, error) { return fileInfo{memFile{name: "."}}, nil }
func (d *memDir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: ".", Err: fs.ErrInvalid}
}
func (d *memDir) Close() error { return nil }

// ReadDir lists the files from the last one listed; all of them when n is
// 0 or less.
func (d *memDir) ReadDir(n int) ([]fs.DirEntry, error) {
	rest := d.files[d.next:]
	if n > 0 && len(rest) == 0 {
		return nil, io.EOF
	}
	if n > 0 && n < len(rest) {
		rest = rest[:n]
	}
	out := make([]fs.DirEntry, len(rest))
	for i, f := range rest {
		out[i] = fs.FileInfoToDirEntry(fileInfo{f})
	}
	d.next += len(rest)
	return out, nil
}

// fileInfo describes a file of a memFS, or its root (named ".").
type fileInfo struct{ f memFile }

func (i fileInfo) Name() string       { return i.f.name }
func (i fileInfo) Size() int64        { return int64(len(i.f.data)) }
func (i fileInfo) ModTime() time.Time { return time.Time{} }
func (i fileInfo) IsDir() bool        { return i.f.name == "." }
func (i fileInfo) Sys() any           { return nil }
func (i fileInfo) Mode() fs.FileMode {
	if i.IsDir() {
		return fs.ModeDir | 0o555
	}
	return 0o444
}

var (
	_ fs.ReadDirFile = (*memDir)(nil)
	_ fs.FS          = memFS(nil)
)
