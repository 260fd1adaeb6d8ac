package contact

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/sembang/sembang/internal/db"
)

// exportBatch is how many contacts each query of an export reads.
const exportBatch = 1000

// SafeCell keeps a spreadsheet from reading a cell as a formula: text starting
// with = + - @ (or a tab or carriage return, which some programs skip) gets a leading quote.
func SafeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// Export writes the contacts the viewer sees as CSV, filtered like the list:
// the fixed columns, then one column per custom field. It reads in batches
// inside one transaction, so memory stays flat however many contacts there are.
func (s *Service) Export(ctx context.Context, v Viewer, q Query, w io.Writer) error {
	q.Limit = exportBatch
	q.Cursor = ""
	params, err := q.params(v)
	if err != nil {
		return err
	}
	err = s.db.WithTenant(ctx, v.CompanyID, func(tx *db.Tx) error {
		fields, err := tx.ContactFieldList(ctx)
		if err != nil {
			return err
		}
		zone := time.UTC
		if tz, err := tx.ContactCrmTimezone(ctx); err == nil {
			if l, err := time.LoadLocation(tz); err == nil {
				zone = l
			}
		}
		cw := csv.NewWriter(w)
		header := []string{"id", "name", "phone", "username", "channel", "chat_id", "lead_status", "tags", "conversations", "last_activity", "created"}
		for _, f := range fields {
			header = append(header, SafeCell(f.Label))
		}
		if err := cw.Write(header); err != nil {
			return err
		}
		for {
			rows, err := tx.ContactCrmList(ctx, params)
			if err != nil {
				return err
			}
			for _, r := range rows {
				vals := decodeValues(r.CustomValues)
				rec := []string{r.ID.String(), SafeCell(r.Name), SafeCell(r.Phone), SafeCell(r.Username), r.Channel, SafeCell(r.ExternalID),
					r.LeadStatus, SafeCell(strings.Join(r.Tags, "; ")), strconv.Itoa(int(r.ConversationCount)),
					r.LastActivityAt.In(zone).Format("2006-01-02 15:04"), r.CreatedAt.In(zone).Format("2006-01-02 15:04")}
				for _, f := range fields {
					rec = append(rec, SafeCell(vals[f.Key]))
				}
				if err := cw.Write(rec); err != nil {
					return err
				}
			}
			cw.Flush()
			if err := cw.Error(); err != nil {
				return err
			}
			if len(rows) < int(params.RowLimit) {
				return nil
			}
			last := rows[len(rows)-1]
			params.HasCursor, params.AfterAt, params.AfterID = true, last.LastActivityAt, last.ID
		}
	})
	if err != nil {
		return fmt.Errorf("contact.Export: %w", err)
	}
	return nil
}
