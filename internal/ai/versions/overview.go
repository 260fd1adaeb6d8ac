package versions

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
)

// Estimated provider prices in micro-US-dollars per million tokens (Claude
// Sonnet list prices: $3 input, $15 output, $0.30 cache read, $3.75 cache
// write). Integers, so a month's estimate is exact arithmetic.
const (
	PriceInputPerMTok      int64 = 3_000_000
	PriceOutputPerMTok     int64 = 15_000_000
	PriceCacheReadPerMTok  int64 = 300_000
	PriceCacheWritePerMTok int64 = 3_750_000
)

// Usage is a month's token use and its estimated cost.
type Usage struct {
	InputTokens      int64
	OutputTokens     int64
	CacheReadTokens  int64
	CacheWriteTokens int64
}

// Total is every billed token, the figure the plan's monthly limit counts.
func (u Usage) Total() int64 {
	return u.InputTokens + u.OutputTokens + u.CacheReadTokens + u.CacheWriteTokens
}

// CostMicroUSD is the estimated cost in micro-dollars, rounded half up.
func (u Usage) CostMicroUSD() int64 {
	sum := u.InputTokens*PriceInputPerMTok + u.OutputTokens*PriceOutputPerMTok +
		u.CacheReadTokens*PriceCacheReadPerMTok + u.CacheWriteTokens*PriceCacheWritePerMTok
	return (sum + 500_000) / 1_000_000
}

// CacheHitBasisPoints is the share of prompt tokens read from the cache, in
// basis points (10000 = all of them).
func (u Usage) CacheHitBasisPoints() int64 {
	prompt := u.InputTokens + u.CacheReadTokens + u.CacheWriteTokens
	if prompt == 0 {
		return 0
	}
	return u.CacheReadTokens * 10000 / prompt
}

// Overview is the active version and how the month went.
type Overview struct {
	Active          Version
	UsingDefaults   bool   // no version was ever activated: the engine uses the built-in defaults
	ActivatedByName string // who deployed the active version
	MonthStart      time.Time
	Stats           dbgen.AiModelVersionOverviewRow
	Usage           Usage
	TokenLimit      int64
	Drafts          int
	Versions        int
}

// monthStart is the first instant of now's month in the company's time zone.
func monthStart(now time.Time, tz string) time.Time {
	loc, err := time.LoadLocation(tz)
	if err != nil {
		loc = time.UTC
	}
	l := now.In(loc)
	return time.Date(l.Year(), l.Month(), 1, 0, 0, 0, 0, loc).UTC()
}

// Overview returns the active version and this month's figures: its usage rate
// and rating, the template and model share of all suggestions, and the tokens
// against the plan's limit.
func (s *Service) Overview(ctx context.Context, companyID uuid.UUID, now time.Time) (Overview, error) {
	var o Overview
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		a, err := Active(ctx, tx)
		if err != nil {
			return err
		}
		o.Active, o.UsingDefaults = Of(a), a.ID == uuid.Nil
		if a.ActivatedBy.Valid {
			if u, err := tx.UserGet(ctx, a.ActivatedBy.UUID); err == nil {
				o.ActivatedByName = u.Name
			} else if !db.IsNotFound(err) {
				return err
			}
		}
		tz := "UTC"
		if st, err := tx.CompanySettingsGet(ctx, companyID); err == nil {
			tz = st.Timezone
		} else if !db.IsNotFound(err) {
			return err
		}
		o.MonthStart = monthStart(now, tz)
		c, err := tx.CompanyGet(ctx, companyID)
		if err != nil {
			return err
		}
		o.TokenLimit = c.MonthlyAiTokenLimit
		o.Stats, err = tx.AiModelVersionOverview(ctx, dbgen.AiModelVersionOverviewParams{CompanyID: companyID, VersionID: nullUUID(a.ID), Since: o.MonthStart})
		if err != nil {
			return err
		}
		o.Usage = Usage{InputTokens: o.Stats.InputTokens, OutputTokens: o.Stats.OutputTokens, CacheReadTokens: o.Stats.CacheReadTokens,
			CacheWriteTokens: o.Stats.CacheWriteTokens}
		all, err := tx.AiModelVersionList(ctx, companyID)
		for _, v := range all {
			if v.Status == StatusDraft {
				o.Drafts++
			}
		}
		o.Versions = len(all)
		return err
	})
	if err != nil {
		return o, fmt.Errorf("versions.Overview: %w", err)
	}
	return o, nil
}
