// Package audit writes who did what, when and from where.
package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/platform/identity"
)

// Entry is one audit record. The actor and client come from the context when not set.
type Entry struct {
	CompanyID  uuid.UUID // uuid.Nil for platform-level events
	Action     string    // e.g. "company.suspended"
	TargetType string
	TargetID   string
	ActorID    uuid.UUID
	ActorEmail string
	Metadata   map[string]any
}

// Record writes e inside tx, which must be in a scope allowed to write it.
func Record(ctx context.Context, tx *db.Tx, e Entry) error {
	if p := identity.PrincipalFrom(ctx); p != nil && e.ActorID == uuid.Nil {
		e.ActorID, e.ActorEmail = p.UserID, p.Email
	}
	c := identity.ClientFrom(ctx)
	meta := []byte("{}")
	if len(e.Metadata) > 0 {
		b, err := json.Marshal(e.Metadata)
		if err != nil {
			return fmt.Errorf("audit.Record: %w", err)
		}
		meta = b
	}
	err := tx.AuditInsert(ctx, dbgen.AuditInsertParams{
		CompanyID:   nullID(e.CompanyID),
		ActorUserID: nullID(e.ActorID),
		ActorEmail:  truncate(e.ActorEmail, 254),
		Action:      e.Action,
		TargetType:  e.TargetType,
		TargetID:    e.TargetID,
		Ip:          c.IP,
		UserAgent:   truncate(c.UserAgent, 500),
		Metadata:    meta,
	})
	if err != nil {
		return fmt.Errorf("audit.Record %s: %w", e.Action, err)
	}
	return nil
}

func nullID(id uuid.UUID) uuid.NullUUID { return uuid.NullUUID{UUID: id, Valid: id != uuid.Nil} }

// truncate drops invalid UTF-8 and cuts s to at most n characters.
func truncate(s string, n int) string {
	s = strings.ToValidUTF8(s, "")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
