-- name: LoginAttemptStart :one
-- An attempt counts as a failure from the moment it starts, so parallel guesses see each other.
INSERT INTO login_attempts (email, ip, succeeded) VALUES (lower(@email), @ip, false) RETURNING id;

-- name: LoginAttemptSucceeded :exec
UPDATE login_attempts SET succeeded = true WHERE id = @id;

-- name: LoginAttemptDelete :exec
DELETE FROM login_attempts WHERE id = @id;

-- name: LoginFailuresByEmail :one
-- Failures since the last success for this e-mail, inside the window.
SELECT count(*)::integer AS failures, coalesce(max(created_at), 'epoch'::timestamptz)::timestamptz AS last_failure
FROM login_attempts a
WHERE lower(a.email) = lower(@email) AND NOT a.succeeded AND a.created_at > @since
  AND a.created_at > coalesce((SELECT max(b.created_at) FROM login_attempts b
                               WHERE lower(b.email) = lower(@email) AND b.succeeded), 'epoch'::timestamptz);

-- name: LoginFailuresByIP :one
SELECT count(*)::integer AS failures, coalesce(max(created_at), 'epoch'::timestamptz)::timestamptz AS last_failure
FROM login_attempts WHERE ip = @ip AND NOT succeeded AND created_at > @since;

-- name: LoginAttemptsPrune :execrows
DELETE FROM login_attempts WHERE created_at < @before;
