package successcase

import (
	"crypto/sha256"
	"encoding/binary"
	"sync"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/db/dbgen"
)

// maxCachedIndexes bounds the index cache: an index of 500 templates holds a
// few megabytes of tokens.
const maxCachedIndexes = 64

// indexCache keeps the last index built for each scope (a company, or
// uuid.Nil for the platform bench), keyed by a digest of the templates it was
// built from. Every change to a template bumps its version or updated_at and
// adding or deleting one changes the set, so a changed library never matches
// a stale key. Company settings are not part of the index: they are applied
// to a copy of its entries on every match (see withSettings).
type indexCache struct {
	mu sync.Mutex
	m  map[uuid.UUID]cachedIndex
}

type cachedIndex struct {
	key [sha256.Size]byte
	ix  *Index
}

// templatesKey digests what an index of rows depends on: each row's id,
// version and last change, in order.
func templatesKey(rows []dbgen.SuccessCaseTemplate) [sha256.Size]byte {
	h := sha256.New()
	var b [8]byte
	for _, r := range rows {
		h.Write(r.ID[:])
		binary.BigEndian.PutUint64(b[:], uint64(r.Version))
		h.Write(b[:])
		binary.BigEndian.PutUint64(b[:], uint64(r.UpdatedAt.UnixNano()))
		h.Write(b[:])
	}
	var out [sha256.Size]byte
	h.Sum(out[:0])
	return out
}

// index returns scope's index of rows (with DefaultSetting), building it only
// when the templates changed since the last call. The returned index is shared:
// callers must not change it.
func (c *indexCache) index(scope uuid.UUID, rows []dbgen.SuccessCaseTemplate) *Index {
	key := templatesKey(rows)
	c.mu.Lock()
	if e, ok := c.m[scope]; ok && e.key == key {
		c.mu.Unlock()
		return e.ix
	}
	c.mu.Unlock()
	entries := make([]Entry, len(rows))
	for i, r := range rows {
		entries[i] = Entry{Template: FromRow(r), Setting: DefaultSetting}
	}
	ix := NewIndex(entries)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[uuid.UUID]cachedIndex{}
	}
	if _, ok := c.m[scope]; !ok && len(c.m) >= maxCachedIndexes {
		for k := range c.m { // drop any one: a cache miss only costs a rebuild
			delete(c.m, k)
			break
		}
	}
	c.m[scope] = cachedIndex{key: key, ix: ix}
	return ix
}

// withSettings is ix with each template's company setting (DefaultSetting for
// one not in settings), sharing ix's tokens; ix itself is not changed.
func (ix *Index) withSettings(settings map[uuid.UUID]Setting) *Index {
	out := &Index{entries: make([]indexed, len(ix.entries)), idf: ix.idf, n: ix.n}
	copy(out.entries, ix.entries)
	for i := range out.entries {
		st, ok := settings[out.entries[i].Template.ID]
		if !ok {
			st = DefaultSetting
		}
		out.entries[i].Setting = st
	}
	return out
}
