package channel_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/sembang/sembang/internal/catalog"
	"github.com/sembang/sembang/internal/channel"
	"github.com/sembang/sembang/internal/channel/onsend"
	"github.com/sembang/sembang/internal/channel/telegram"
	"github.com/sembang/sembang/internal/platform/apperr"
	"github.com/sembang/sembang/internal/storage"
)

func TestCards(t *testing.T) {
	t.Parallel()

	t.Run("ProductCardIsATelegramPhotoWithCaptionAndLinkButton", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		b.connectTelegram(t)
		cat := catalog.NewService(b.db.DB, storage.Disk{Root: b.blobs})
		p, err := cat.Create(b.ctx, b.company.ID, uuid.Nil, catalog.Input{Name: "Durian Musang King", SKU: "DMK-1", PriceMinor: 129900,
			Description: "Gred A dari Raub.", Links: []string{"https://kedai.example/dmk"}, Active: true})
		if err != nil {
			t.Fatal(err)
		}
		m, err := cat.SendCard(b.ctx, b.svc, b.company.ID, uuid.Nil, uuid.Nil, b.conversation(t, "telegram"), p.ID, uuid.Nil)
		if err != nil || m.Kind != "image" || m.Status != "queued" || m.ProductID.UUID != p.ID || m.PackageID.Valid {
			t.Fatalf("SendCard = %+v, %v", m, err)
		}
		if _, err := b.svc.Deliver(b.ctx, b.company.ID, m.ID, false); err != nil {
			t.Fatal(err)
		}
		c := b.prov.named("telegram.sendPhoto")
		if len(c) != 1 {
			t.Fatalf("sendPhoto calls = %+v", b.prov.calls)
		}
		if c[0].Body["caption"] != "Durian Musang King\nRM 1,299.00\nGred A dari Raub." || c[0].Body["chat_id"] != "4242" {
			t.Fatalf("caption = %q", c[0].Body["caption"])
		}
		if photo, _ := c[0].Body["photo"].(string); !strings.HasPrefix(photo, "file:\x89PNG") {
			t.Fatalf("photo is not the generated PNG: %.20q", photo)
		}
		var markup struct {
			InlineKeyboard [][]struct{ Text, URL string } `json:"inline_keyboard"`
		}
		if err := json.Unmarshal([]byte(c[0].Body["reply_markup"].(string)), &markup); err != nil || len(markup.InlineKeyboard) != 1 ||
			markup.InlineKeyboard[0][0].URL != "https://kedai.example/dmk" || markup.InlineKeyboard[0][0].Text != "View product" {
			t.Fatalf("reply_markup = %v (%v)", c[0].Body["reply_markup"], err)
		}
		got := b.messages(t)
		if got[0].Status != "sent" || got[0].ProductID.UUID != p.ID || got[0].LinkUrl != "https://kedai.example/dmk" {
			t.Fatalf("message = %+v", got[0])
		}
	})

	t.Run("PackageCardGoesToOnSendAsAnImageWithTheLinkInTheCaption", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		signer := &storage.Signer{Secret: b.keys.Derive("media-url"), BaseURL: "https://sembang.test"}
		svc := channel.NewService(b.db.DB, b.keys, storage.Disk{Root: b.blobs}, channel.Settings{Signer: signer, Pacing: &channel.Pacing{}}, telegram.New(b.prov.URL), onsend.New(onsend.AllowPrivateNetworks(true)))
		svc.SetJobs(b.jobs)
		if _, err := svc.SetToken(b.ctx, b.company.ID, "whatsapp", deviceToken, b.prov.URL+"/api/v1"); err != nil {
			t.Fatal(err)
		}
		cat := catalog.NewService(b.db.DB, storage.Disk{Root: b.blobs})
		kek, _ := cat.Create(b.ctx, b.company.ID, uuid.Nil, catalog.Input{Name: "Kek Lapis", SKU: "KL-1", PriceMinor: 6500, Active: true})
		roti, _ := cat.Create(b.ctx, b.company.ID, uuid.Nil, catalog.Input{Name: "Roti Jala", SKU: "RJ-1", PriceMinor: 1250, Active: true})
		pkg, err := cat.CreatePackage(b.ctx, b.company.ID, uuid.Nil, catalog.PackageInput{Name: "Set Raya", PricingMode: catalog.PricingFixed,
			FixedPriceMinor: new(int64(8000)), LinkURL: "https://kedai.example/raya", Active: true,
			Items: []catalog.PackageItemInput{{ProductID: kek.ID, Quantity: 1}, {ProductID: roti.ID, Quantity: 2}}})
		if err != nil {
			t.Fatal(err)
		}
		conv := b.conversation(t, "whatsapp")
		m, err := cat.SendCard(b.ctx, svc, b.company.ID, uuid.Nil, uuid.Nil, conv, uuid.Nil, pkg.ID)
		if err != nil || m.PackageID.UUID != pkg.ID {
			t.Fatalf("SendCard = %+v, %v", m, err)
		}
		if _, err := svc.Deliver(b.ctx, b.company.ID, m.ID, false); err != nil {
			t.Fatal(err)
		}
		c := b.prov.named("onsend.send")
		want := "Set Raya\nRM 80.00 (save RM 10.00)\n• 1 × Kek Lapis\n• 2 × Roti Jala\nView package: https://kedai.example/raya"
		if len(c) != 1 || c[0].Body["type"] != "image" || c[0].Body["message"] != want || c[0].Body["phone_number"] != "60123456789" {
			t.Fatalf("send = %+v", c)
		}
		if u, _ := c[0].Body["url"].(string); !strings.Contains(u, storage.SignedPrefix+"media/") {
			t.Fatalf("url %q is not a signed media URL", u)
		}

		// A deactivated package, another company's product or both ids at once are refused.
		if _, err := cat.SetPackageActive(b.ctx, b.company.ID, uuid.Nil, pkg.ID, false); err != nil {
			t.Fatal(err)
		}
		if _, err := cat.SendCard(b.ctx, svc, b.company.ID, uuid.Nil, uuid.Nil, conv, uuid.Nil, pkg.ID); apperr.Code(err) != apperr.ENOTFOUND {
			t.Fatalf("inactive package: %v", err)
		}
		if _, err := cat.SendCard(b.ctx, svc, b.company.ID, uuid.Nil, uuid.Nil, conv, kek.ID, pkg.ID); apperr.Code(err) != apperr.EINVALID {
			t.Fatalf("both ids: %v", err)
		}
		agent := uuid.New()
		if _, err := cat.SendCard(b.ctx, svc, b.company.ID, agent, agent, conv, kek.ID, uuid.Nil); apperr.Code(err) != apperr.ENOTFOUND {
			t.Fatalf("agent not assigned: %v", err)
		}
	})
}
