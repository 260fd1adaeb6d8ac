-- name: NotificationInsert :one
INSERT INTO notifications (company_id, user_id, kind, title, body, conversation_id)
VALUES (@company_id, @user_id, @kind, @title, @body, sqlc.narg(conversation_id))
RETURNING *;

-- name: NotificationList :many
-- A user's notifications, newest first; pass the last row's id as before_id to get the next page.
SELECT n.* FROM notifications n
WHERE n.user_id = @user_id
  AND (sqlc.narg(before_id)::uuid IS NULL
       OR (n.created_at, n.id) < (SELECT b.created_at, b.id FROM notifications b WHERE b.id = sqlc.narg(before_id) AND b.user_id = n.user_id))
ORDER BY n.created_at DESC, n.id DESC
LIMIT @lim;

-- name: NotificationCountUnread :one
SELECT count(*)::integer FROM notifications WHERE user_id = @user_id AND read_at IS NULL;

-- name: NotificationMarkRead :one
UPDATE notifications SET read_at = coalesce(read_at, now())
WHERE id = @id AND user_id = @user_id
RETURNING *;

-- name: NotificationMarkAllRead :execrows
UPDATE notifications SET read_at = now() WHERE user_id = @user_id AND read_at IS NULL;
