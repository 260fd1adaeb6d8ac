package api

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/platform/apperr"
)

// statusOf is the one place error codes become HTTP statuses.
var statusOf = map[string]int{
	apperr.EINVALID:      http.StatusUnprocessableEntity,
	apperr.ENOTFOUND:     http.StatusNotFound,
	apperr.ECONFLICT:     http.StatusConflict,
	apperr.EFORBIDDEN:    http.StatusForbidden,
	apperr.EUNAUTHORIZED: http.StatusUnauthorized,
	apperr.ETHROTTLED:    http.StatusTooManyRequests,
	apperr.ELIMIT:        http.StatusUnprocessableEntity,
}

// codeOf names the code of errors huma raises itself (validation, unknown body, ...).
func codeOf(status int) string {
	for code, s := range statusOf {
		if s == status && code != apperr.ELIMIT {
			return code
		}
	}
	switch {
	case status == http.StatusRequestEntityTooLarge:
		return "too_large"
	case status >= 500:
		return apperr.EINTERNAL
	}
	return "bad_request"
}

// Problem is an RFC 9457 problem document with our error code.
type Problem struct {
	huma.ErrorModel
	Code       string `json:"code" doc:"Machine-readable error code: invalid, not_found, conflict, forbidden, unauthorized, throttled, limit_exceeded, internal, ..."`
	retryAfter int
}

// installErrors makes huma render every error as a Problem and maps domain
// errors (apperr) to statuses. Anything unknown is logged and shown as "internal error".
func installErrors(logger *slog.Logger) {
	huma.NewErrorWithContext = func(hctx huma.Context, status int, msg string, errs ...error) huma.StatusError {
		var ctx context.Context = context.Background()
		if hctx != nil {
			ctx = hctx.Context()
		}
		if status == http.StatusInternalServerError && len(errs) == 1 {
			p := fromError(ctx, logger, errs[0])
			if p.retryAfter > 0 && hctx != nil {
				hctx.SetHeader("Retry-After", strconv.Itoa(p.retryAfter))
			}
			return p
		}
		p := &Problem{ErrorModel: huma.ErrorModel{Status: status, Title: http.StatusText(status), Detail: msg}, Code: codeOf(status)}
		for _, e := range errs {
			if e == nil {
				continue
			}
			var d huma.ErrorDetailer
			if errors.As(e, &d) {
				p.Errors = append(p.Errors, d.ErrorDetail())
			} else {
				p.Errors = append(p.Errors, &huma.ErrorDetail{Message: e.Error()})
			}
		}
		if status == http.StatusUnprocessableEntity && len(p.Errors) > 0 {
			p.Detail = describe(p.Errors)
		}
		return p
	}
	huma.NewError = func(status int, msg string, errs ...error) huma.StatusError {
		return huma.NewErrorWithContext(nil, status, msg, errs...)
	}
}

// describe turns validation details into one sentence naming the fields.
func describe(details []*huma.ErrorDetail) string {
	parts := make([]string, 0, len(details))
	for _, d := range details {
		loc := strings.TrimPrefix(strings.TrimPrefix(d.Location, "body."), "query.")
		if loc == "" || loc == "body" {
			parts = append(parts, d.Message)
		} else {
			parts = append(parts, loc+": "+d.Message)
		}
	}
	return strings.Join(parts, "; ")
}

func fromError(ctx context.Context, logger *slog.Logger, err error) *Problem {
	// A body over the server's limit (MAX_BODY_BYTES, below an operation's own) fails while huma reads it.
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return &Problem{ErrorModel: huma.ErrorModel{Status: http.StatusRequestEntityTooLarge, Title: http.StatusText(http.StatusRequestEntityTooLarge),
			Detail: fmt.Sprintf("The request body is larger than the %d bytes allowed.", tooLarge.Limit)}, Code: codeOf(http.StatusRequestEntityTooLarge)}
	}
	var ae *apperr.Error
	if errors.As(err, &ae) {
		status, ok := statusOf[ae.Code]
		if ok {
			p := &Problem{ErrorModel: huma.ErrorModel{Status: status, Title: http.StatusText(status), Detail: ae.Message}, Code: ae.Code, retryAfter: ae.RetryAfterSeconds}
			if ae.Field != "" {
				p.Errors = []*huma.ErrorDetail{{Message: ae.Message, Location: ae.Field}}
			}
			return p
		}
	}
	if errors.Is(err, db.ErrNoTenant) {
		logger.ErrorContext(ctx, "tenant work without a tenant", "err", err)
	} else if !errors.Is(err, context.Canceled) {
		logger.ErrorContext(ctx, "internal error", "err", err)
	}
	return &Problem{ErrorModel: huma.ErrorModel{Status: 500, Title: "Internal Server Error", Detail: "Something went wrong on our side. Try again; if it keeps happening, contact support with the request id."}, Code: apperr.EINTERNAL}
}
