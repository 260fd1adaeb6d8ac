// Package apperr defines the error codes domain code returns; internal/api alone
// turns them into HTTP statuses.
package apperr

import (
	"errors"
	"fmt"
)

// Error codes.
const (
	EINVALID      = "invalid"
	ENOTFOUND     = "not_found"
	ECONFLICT     = "conflict"
	EFORBIDDEN    = "forbidden"
	EUNAUTHORIZED = "unauthorized"
	ETHROTTLED    = "throttled"
	ELIMIT        = "limit_exceeded"
	EINTERNAL     = "internal"
)

// Error is an error a person can act on: a code, a message safe to show, and
// optionally the input field it concerns (for example "body.email").
type Error struct {
	Code    string
	Message string
	Field   string
	// RetryAfterSeconds is set for ETHROTTLED.
	RetryAfterSeconds int
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s (%s)", e.Code, e.Message, e.Field)
	}
	return e.Code + ": " + e.Message
}

// New returns an Error with a code and message.
func New(code, message string) *Error { return &Error{Code: code, Message: message} }

// Invalid returns an EINVALID error naming the field at fault.
func Invalid(field, message string) *Error {
	return &Error{Code: EINVALID, Message: message, Field: field}
}

// NotFound returns an ENOTFOUND error for a kind of record.
func NotFound(what string) *Error { return &Error{Code: ENOTFOUND, Message: what + " not found"} }

// Code returns the code of an *Error in err's chain, or EINTERNAL.
func Code(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}
