-- name: ReminderInsert :one
INSERT INTO reminders (company_id, conversation_id, contact_id, user_id, due_at, body)
VALUES (@company_id, @conversation_id, @contact_id, @user_id, @due_at, @body)
RETURNING *;

-- name: ReminderListOpen :many
-- A user's reminders not done and due before @until (overdue included), soonest first, with the conversation's contact.
SELECT r.*, ct.name AS contact_name, c.channel
FROM reminders r
JOIN conversations c ON c.company_id = r.company_id AND c.id = r.conversation_id
JOIN contacts ct ON ct.company_id = r.company_id AND ct.id = r.contact_id
WHERE r.user_id = @user_id AND r.done_at IS NULL AND r.due_at < @until
  -- An agent's reminder follows the conversation: once it is someone else's, it is out of sight.
  AND (c.assigned_agent_id = r.user_id OR EXISTS (SELECT 1 FROM users u WHERE u.id = r.user_id AND u.role <> 'company_user'))
ORDER BY r.due_at, r.id
LIMIT @lim;

-- name: ReminderCountDue :one
SELECT count(*)::integer FROM reminders r
JOIN conversations c ON c.company_id = r.company_id AND c.id = r.conversation_id
WHERE r.user_id = @user_id AND r.done_at IS NULL AND r.due_at < @until
  -- An agent's reminder follows the conversation: once it is someone else's, it is out of sight.
  AND (c.assigned_agent_id = r.user_id OR EXISTS (SELECT 1 FROM users u WHERE u.id = r.user_id AND u.role <> 'company_user'));

-- name: ReminderMarkDone :one
UPDATE reminders SET done_at = coalesce(done_at, now())
WHERE id = @id AND user_id = @user_id
RETURNING *;

-- name: ReminderDelete :execrows
DELETE FROM reminders WHERE id = @id AND user_id = @user_id;

-- name: ReminderCompaniesDue :many
-- Companies with a reminder due and not yet notified (platform scope).
SELECT DISTINCT company_id FROM reminders WHERE done_at IS NULL AND notified_at IS NULL AND due_at <= now();

-- name: ReminderLockDue :many
-- Due reminders not yet notified; another worker's rows are skipped, so each is notified once.
SELECT r.*, ct.name AS contact_name
FROM reminders r
JOIN contacts ct ON ct.company_id = r.company_id AND ct.id = r.contact_id
JOIN conversations c ON c.company_id = r.company_id AND c.id = r.conversation_id
WHERE r.done_at IS NULL AND r.notified_at IS NULL AND r.due_at <= now()
  -- An agent's reminder follows the conversation: once it is someone else's, it is out of sight.
  AND (c.assigned_agent_id = r.user_id OR EXISTS (SELECT 1 FROM users u WHERE u.id = r.user_id AND u.role <> 'company_user'))
ORDER BY r.due_at, r.id
LIMIT @lim
FOR UPDATE OF r SKIP LOCKED;

-- name: ReminderMarkNotified :exec
UPDATE reminders SET notified_at = now() WHERE id = @id;

-- name: ReminderDayBounds :one
-- The end of today and the start of this month in the company's time zone.
SELECT ((date_trunc('day', now() AT TIME ZONE s.tz) + interval '1 day') AT TIME ZONE s.tz)::timestamptz AS end_of_today,
       (date_trunc('month', now() AT TIME ZONE s.tz) AT TIME ZONE s.tz)::timestamptz AS month_start
FROM (SELECT coalesce((SELECT timezone FROM company_settings WHERE company_id = @company_id), 'Asia/Kuala_Lumpur') AS tz) s;

-- name: ReminderGet :one
SELECT r.*, ct.name AS contact_name, c.channel
FROM reminders r
JOIN conversations c ON c.company_id = r.company_id AND c.id = r.conversation_id
JOIN contacts ct ON ct.company_id = r.company_id AND ct.id = r.contact_id
WHERE r.id = @id;
