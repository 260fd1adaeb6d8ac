package telegram

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/sembang/sembang/internal/channel"
)

// Update is the part of a Telegram Update we read.
type Update struct {
	UpdateID      *int64   `json:"update_id"`
	Message       *Message `json:"message"`
	EditedMessage *Message `json:"edited_message"`
}

// Chat is where a message was written.
type Chat struct {
	ID        int64  `json:"id"`
	Type      string `json:"type"`
	Username  string `json:"username"`
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
	Title     string `json:"title"`
}

// FileRef is any of Telegram's file objects.
type FileRef struct {
	FileID   string `json:"file_id"`
	FileName string `json:"file_name"`
	MimeType string `json:"mime_type"`
	FileSize int64  `json:"file_size"`
}

// Message is the part of a Telegram Message we read.
type Message struct {
	MessageID int64     `json:"message_id"`
	From      *User     `json:"from"`
	Chat      Chat      `json:"chat"`
	Date      int64     `json:"date"`
	Text      string    `json:"text"`
	Caption   string    `json:"caption"`
	Photo     []FileRef `json:"photo"`
	Document  *FileRef  `json:"document"`
	Video     *FileRef  `json:"video"`
	Audio     *FileRef  `json:"audio"`
	Voice     *FileRef  `json:"voice"`
	Sticker   *FileRef  `json:"sticker"`
	Contact   *struct {
		PhoneNumber string `json:"phone_number"`
	} `json:"contact"`
	Location *struct {
		Latitude  float64 `json:"latitude"`
		Longitude float64 `json:"longitude"`
	} `json:"location"`
}

// EventScope is the bot id, the token's part before ':' (what getMe returns
// as the bot's id): update_id counts per bot, so a company that switches bots
// would otherwise see the new bot's first updates as duplicates.
func (p *Provider) EventScope(c channel.Credentials) string {
	id, _, ok := strings.Cut(c.Token, ":")
	if !ok || id == "" {
		return ""
	}
	return "bot" + id
}

// Parse reads an Update. Updates without a new message (edits, other types)
// are valid and ignored; a body without update_id is malformed.
func (p *Provider) Parse(body []byte) (channel.Inbound, error) {
	var u Update
	if err := json.Unmarshal(body, &u); err != nil || u.UpdateID == nil {
		return channel.Inbound{}, channel.ErrMalformed
	}
	in := channel.Inbound{EventID: strconv.FormatInt(*u.UpdateID, 10)}
	m := u.Message
	if m == nil || m.Chat.ID == 0 {
		in.Ignore = true
		return in, nil
	}
	in.ExternalID = strconv.FormatInt(m.Chat.ID, 10)
	in.ProviderMessageID = strconv.FormatInt(m.MessageID, 10)
	in.Username = m.Chat.Username
	in.Name = joinName(m.Chat.FirstName, m.Chat.LastName)
	if in.Name == "" && m.From != nil {
		in.Name, in.Username = joinName(m.From.FirstName, m.From.LastName), first(in.Username, m.From.Username)
	}
	if in.Name == "" {
		in.Name = m.Chat.Title
	}
	in.Kind, in.Text = "text", m.Text
	media := func(kind string, f *FileRef) {
		in.Kind, in.Text = kind, m.Caption
		in.Media = &channel.Media{FileID: f.FileID, Name: f.FileName, Mime: f.MimeType}
	}
	switch {
	case len(m.Photo) > 0:
		largest := m.Photo[len(m.Photo)-1] // Telegram lists sizes smallest first
		media("image", &largest)
		in.Media.Mime = "image/jpeg"
	case m.Document != nil:
		media("document", m.Document)
	case m.Video != nil:
		media("video", m.Video)
	case m.Voice != nil:
		media("voice", m.Voice)
	case m.Audio != nil:
		media("audio", m.Audio)
	case m.Sticker != nil:
		media("sticker", m.Sticker)
	case m.Location != nil:
		in.Kind = "location"
		in.Text = strconv.FormatFloat(m.Location.Latitude, 'f', 6, 64) + "," + strconv.FormatFloat(m.Location.Longitude, 'f', 6, 64)
	case m.Contact != nil:
		in.Kind, in.Text = "other", m.Contact.PhoneNumber
	case m.Text == "":
		in.Kind = "other"
	}
	if in.Media != nil && in.Media.FileID == "" {
		in.Media = nil
	}
	return in, nil
}

func joinName(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + " " + b
}

func first(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
