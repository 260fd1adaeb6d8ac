package onsend

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/sembang/sembang/internal/channel"
)

// EventScope is empty: OnSend's message ids (or the hash used without one)
// do not repeat across devices.
func (p *Provider) EventScope(channel.Credentials) string { return "" }

// Parse reads an inbound call tolerantly: the payload may be flat or nest the
// message under "data" or "message"; the sender may be "from", "phone_number",
// "phone", "sender" or a WhatsApp JID. The event id is the message id, or a
// hash of sender, timestamp and body when there is none.
func (p *Provider) Parse(body []byte) (channel.Inbound, error) {
	var root map[string]any
	if err := json.Unmarshal(body, &root); err != nil || root == nil {
		return channel.Inbound{}, channel.ErrMalformed
	}
	m := root
	for _, k := range []string{"data", "message", "payload"} {
		if inner, ok := root[k].(map[string]any); ok {
			m = merge(root, inner)
			break
		}
	}
	if from, ok := m["from"].(map[string]any); ok {
		m = merge(m, map[string]any{"from": str(from, "phone", "phone_number", "id", "number"), "name": first(str(m, "name"), str(from, "name", "pushName"))})
	}
	sender := phoneOf(str(m, "from", "phone_number", "phone", "sender", "remoteJid", "remote_jid", "number", "chat_id"))
	text := str(m, "message", "text", "body", "content", "caption")
	if t, ok := m["text"].(map[string]any); ok && text == "" {
		text = str(t, "body", "text")
	}
	ts := str(m, "timestamp", "time", "created_at", "date")
	id := str(m, "message_id", "messageId", "id", "msg_id")
	in := channel.Inbound{ProviderMessageID: id, ExternalID: sender, Phone: sender, Name: str(m, "name", "pushName", "push_name", "sender_name", "contact_name"), Text: text}
	if in.ExternalID == "" {
		return channel.Inbound{}, channel.ErrMalformed
	}
	if id != "" {
		in.EventID = "m:" + id
	} else {
		h := sha256.Sum256([]byte(sender + "\x00" + ts + "\x00" + text))
		in.EventID = "h:" + hex.EncodeToString(h[:16])
	}
	if len(in.EventID) > 200 {
		h := sha256.Sum256([]byte(in.EventID))
		in.EventID = "h:" + hex.EncodeToString(h[:16])
	}
	if b, ok := m["fromMe"].(bool); ok && b {
		in.Ignore = true
	}
	if b, ok := m["from_me"].(bool); ok && b {
		in.Ignore = true
	}
	in.Kind = "text"
	switch t := strings.ToLower(str(m, "type", "message_type", "messageType")); t {
	case "image", "video", "document", "audio", "voice", "sticker", "location":
		in.Kind = t
	case "ptt":
		in.Kind = "voice"
	case "", "text", "chat", "conversation":
	default:
		in.Kind = "other"
	}
	if u := str(m, "url", "media_url", "mediaUrl", "file_url", "fileUrl"); u != "" {
		in.Media = &channel.Media{URL: u, Name: str(m, "file_name", "filename", "fileName"), Mime: str(m, "mime_type", "mimetype", "mimeType")}
		if in.Kind == "text" {
			in.Kind = "document"
		}
	}
	if in.Text == "" && in.Media == nil && in.Kind == "text" {
		in.Ignore = true // a status callback, not a message
	}
	return in, nil
}

// str returns the first of keys present in m as a string.
func str(m map[string]any, keys ...string) string {
	for _, k := range keys {
		switch v := m[k].(type) {
		case string:
			if v != "" {
				return v
			}
		case float64:
			return strconv.FormatFloat(v, 'f', -1, 64)
		case json.Number:
			return v.String()
		case bool, nil, map[string]any, []any:
		default:
			return fmt.Sprint(v)
		}
	}
	return ""
}

func merge(outer, inner map[string]any) map[string]any {
	out := make(map[string]any, len(outer)+len(inner))
	for k, v := range outer {
		out[k] = v
	}
	for k, v := range inner {
		out[k] = v
	}
	return out
}

// phoneOf turns "60123456789@s.whatsapp.net" or "+60 12-345 6789" into digits.
func phoneOf(s string) string {
	s, _, _ = strings.Cut(s, "@")
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	if len(b.String()) > 20 {
		return b.String()[:20]
	}
	return b.String()
}
