package catalog

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbgen"
	"github.com/sembang/sembang/internal/platform/apperr"
)

// CardQueue queues an outbound card message with its delivery job; the
// channel service implements it, so the catalog does not import the channels.
type CardQueue interface {
	// agentOnly: p.SenderUserID is an agent who may send only in a
	// conversation assigned to them, checked where the message is written.
	ReplyCard(ctx context.Context, p dbgen.MessageInsertCardParams, image []byte, agentOnly bool) (dbgen.Message, error)
}

// Card is what a product or package card message carries.
type Card struct {
	Image     []byte // PNG or JPEG
	Caption   string // name, price, short description
	LinkURL   string // shown as a button (Telegram) or after the caption (WhatsApp)
	LinkText  string
	ProductID uuid.UUID
	PackageID uuid.UUID
}

// maxCaptionDescription keeps a card's caption short; the customer can follow the link for more.
const maxCaptionDescription = 200

// conversationFor checks that a conversation exists and, for an agent
// (agentID set), that it is assigned to them. Errors: ENOTFOUND.
func conversationFor(ctx context.Context, tx *db.Tx, conversationID, agentID uuid.UUID) (dbgen.Conversation, error) {
	var c dbgen.Conversation
	var err error
	if agentID == uuid.Nil {
		c, err = tx.ConversationGet(ctx, conversationID)
	} else {
		c, err = tx.ConversationGetForAgent(ctx, dbgen.ConversationGetForAgentParams{ID: conversationID, AgentID: uuid.NullUUID{UUID: agentID, Valid: true}})
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return c, apperr.NotFound("conversation")
	}
	return c, err
}

// ProductCard builds an active product's card: its cover image, or a generated
// card when it has none (or a cover chat apps cannot show). Errors: ENOTFOUND.
func (s *Service) ProductCard(ctx context.Context, companyID, productID uuid.UUID) (*Card, error) {
	var p *Product
	var b brand
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		var err error
		if p, err = load(ctx, tx, productID); err != nil {
			return err
		}
		if !p.Active {
			return apperr.NotFound("product")
		}
		b, err = s.loadBrand(ctx, tx, companyID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("catalog.ProductCard: %w", err)
	}
	price := FormatMoney(p.PriceMinor, p.Currency)
	c := &Card{ProductID: p.ID, Caption: caption(p.Name, price, stockNote(p.StockStatus), p.Description)}
	if len(p.Links) > 0 {
		c.LinkURL, c.LinkText = p.Links[0], "View product"
	}
	for _, im := range p.Images {
		if im.IsCover && (im.ContentType == "image/png" || im.ContentType == "image/jpeg") {
			if rc, err := s.blobs.Open(ctx, im.BlobKey); err == nil {
				c.Image, err = io.ReadAll(io.LimitReader(rc, MaxImageBytes))
				rc.Close()
				if err != nil {
					c.Image = nil
				}
			}
		}
	}
	if c.Image == nil {
		d := CardData{CompanyName: b.Name, Logo: b.Logo, Accent: b.Accent, Title: p.Name, Subtitle: p.Category, Price: price}
		if note := stockNote(p.StockStatus); note != "" {
			d.Lines = []CardLine{{Text: note}}
		}
		if c.Image, err = RenderCard(d); err != nil {
			return nil, fmt.Errorf("catalog.ProductCard: %w", err)
		}
	}
	return c, nil
}

// PackageCard builds an active package's card, drawn again so the image shows
// the items' current prices. Errors: ENOTFOUND.
func (s *Service) PackageCard(ctx context.Context, companyID, packageID uuid.UUID) (*Card, error) {
	p, err := s.GetPackage(ctx, companyID, packageID)
	if err != nil {
		return nil, err
	}
	if !p.Active {
		return nil, apperr.NotFound("package")
	}
	if p, err = s.refreshPackageCard(ctx, companyID, packageID); err != nil {
		return nil, err
	}
	rc, err := s.blobs.Open(ctx, p.CardKey)
	if err != nil {
		return nil, fmt.Errorf("catalog.PackageCard: %w", err)
	}
	img, err := io.ReadAll(rc)
	rc.Close()
	if err != nil {
		return nil, fmt.Errorf("catalog.PackageCard: %w", err)
	}
	price := FormatMoney(p.Pricing.PriceMinor, p.Currency)
	if p.Pricing.SavingMinor > 0 {
		price += " (save " + FormatMoney(p.Pricing.SavingMinor, p.Currency) + ")"
	}
	var items []string
	for _, it := range p.Items {
		items = append(items, fmt.Sprintf("• %d × %s", it.Quantity, it.Name))
	}
	c := &Card{PackageID: p.ID, Image: img, Caption: caption(p.Name, price, strings.Join(items, "\n"), p.Description)}
	if p.LinkUrl != "" {
		c.LinkURL, c.LinkText = p.LinkUrl, "View package"
	}
	return c, nil
}

func stockNote(status string) string {
	switch status {
	case Limited:
		return "Limited stock"
	case OutOfStock:
		return "Out of stock"
	}
	return ""
}

// caption joins a card's name, price, extra lines and a shortened description.
func caption(name, price, extra, description string) string {
	parts := []string{name, price}
	if extra != "" {
		parts = append(parts, extra)
	}
	if d := strings.TrimSpace(description); d != "" {
		parts = append(parts, truncate(d, maxCaptionDescription))
	}
	return strings.Join(parts, "\n")
}

// SendCard queues a product's or a package's card (exactly one of productID,
// packageID) in a conversation; agentID set limits it to the agent's own
// conversations. The message records what it carried.
// Errors: ENOTFOUND (conversation, product, package), EINVALID.
func (s *Service) SendCard(ctx context.Context, q CardQueue, companyID, userID, agentID, conversationID, productID, packageID uuid.UUID) (dbgen.Message, error) {
	if (productID == uuid.Nil) == (packageID == uuid.Nil) {
		return dbgen.Message{}, apperr.Invalid("body.product_id", "Choose a product or a package to send.")
	}
	err := s.db.WithTenant(ctx, companyID, func(tx *db.Tx) error {
		_, err := conversationFor(ctx, tx, conversationID, agentID)
		return err
	})
	if err != nil {
		return dbgen.Message{}, fmt.Errorf("catalog.SendCard: %w", err)
	}
	var c *Card
	if productID != uuid.Nil {
		c, err = s.ProductCard(ctx, companyID, productID)
	} else {
		c, err = s.PackageCard(ctx, companyID, packageID)
	}
	if err != nil {
		return dbgen.Message{}, err
	}
	name := "card.png"
	mime := http.DetectContentType(c.Image)
	if mime == "image/jpeg" {
		name = "card.jpg"
	}
	m, err := q.ReplyCard(ctx, dbgen.MessageInsertCardParams{CompanyID: companyID, ConversationID: conversationID, Body: c.Caption,
		MediaName: name, MediaMime: mime, SenderUserID: nullUUID(userID), ProductID: nullUUID(c.ProductID), PackageID: nullUUID(c.PackageID),
		LinkUrl: c.LinkURL, LinkText: c.LinkText}, c.Image, agentID != uuid.Nil)
	if err != nil {
		return dbgen.Message{}, fmt.Errorf("catalog.SendCard: %w", err)
	}
	return m, nil
}
