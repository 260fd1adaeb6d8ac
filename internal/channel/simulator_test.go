package channel_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/sembang/sembang/internal/channel"
	"github.com/sembang/sembang/internal/channel/onsend"
	"github.com/sembang/sembang/internal/channel/simulator"
	"github.com/sembang/sembang/internal/channel/telegram"
	"github.com/sembang/sembang/internal/db"
	"github.com/sembang/sembang/internal/db/dbtest"
	"github.com/sembang/sembang/internal/platform/identity"
	"github.com/sembang/sembang/internal/platform/secretbox"
	"github.com/sembang/sembang/internal/storage"
)

// The real adapters against the dev simulator: connect, a simulated customer
// writes, the message is stored, the reply reaches the simulated customer.
func TestSimulatorEndToEnd(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	sim := httptest.NewServer(simulator.New())
	t.Cleanup(sim.Close)
	mux := http.NewServeMux()
	hook := httptest.NewServer(mux)
	t.Cleanup(hook.Close)
	keys, _ := secretbox.Parse(secretbox.NewKey("k1"))
	svc := channel.NewService(d.DB, keys, storage.Disk{Root: t.TempDir()}, channel.Settings{PublicURL: hook.URL, Pacing: &channel.Pacing{}},
		telegram.New(sim.URL), onsend.New(onsend.AllowPrivateNetworks(true)))
	jobs, _ := river.NewClient(riverpgxv5.New(d.Pool), &river.Config{})
	svc.SetJobs(jobs)
	mux.HandleFunc("POST /webhook/{company}/{channel}", svc.WebhookHandler())
	c := dbtest.Company(t, d, "sim")
	ctx := identity.WithPrincipal(context.Background(), &identity.Principal{CompanyID: c.ID, Role: "company_admin"})

	const token = "424242:SIMULATED-TOKEN"
	if _, err := svc.SetToken(ctx, c.ID, "telegram", token, ""); err != nil {
		t.Fatal(err)
	}
	res, err := svc.Connect(ctx, c.ID, "telegram")
	if err != nil || !res.Health.OK || res.Health.WebhookURL != hook.URL+"/webhook/"+c.ID.String()+"/telegram" {
		t.Fatalf("Connect = %+v, %v", res, err)
	}
	wa, err := svc.SetToken(ctx, c.ID, "whatsapp", "sim-device-token", sim.URL+"/onsend/api/v1")
	if err != nil {
		t.Fatal(err)
	}
	if r, err := svc.Test(ctx, c.ID, "whatsapp"); err != nil || !r.Health.OK {
		t.Fatalf("OnSend test = %+v, %v", r, err)
	}

	say := func(body map[string]string) {
		b, _ := json.Marshal(body)
		res, err := http.Post(sim.URL+"/sim/say", "application/json", strings.NewReader(string(b)))
		if err != nil {
			t.Fatal(err)
		}
		var out struct {
			WebhookStatus int `json:"webhook_status"`
		}
		_ = json.NewDecoder(res.Body).Decode(&out)
		res.Body.Close()
		if out.WebhookStatus != 200 {
			t.Fatalf("say %v: webhook answered %d", body, out.WebhookStatus)
		}
	}
	say(map[string]string{"channel": "telegram", "token": token, "from": "5550001", "name": "Siti", "text": "Ada stok?"})
	say(map[string]string{"channel": "whatsapp", "token": "sim-device-token", "webhook_url": wa.WebhookURL, "secret": wa.WebhookSecret, "from": "60123456789", "name": "Ali", "text": "Harga?"})

	rows, _ := d.Pool.Query(ctx, "SELECT (args->>'event_id')::bigint FROM river_job WHERE kind = 'channel_ingest'")
	var events []int64
	for rows.Next() {
		var id int64
		_ = rows.Scan(&id)
		events = append(events, id)
	}
	if len(events) != 2 {
		t.Fatalf("%d ingest jobs", len(events))
	}
	for _, id := range events {
		if err := svc.Ingest(ctx, c.ID, id); err != nil {
			t.Fatal(err)
		}
	}
	var convs []uuid.UUID
	err = d.WithTenant(ctx, c.ID, func(tx *db.Tx) error {
		rows, err := tx.Query(ctx, "SELECT id FROM conversations ORDER BY channel")
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id uuid.UUID
			if err := rows.Scan(&id); err != nil {
				return err
			}
			convs = append(convs, id)
		}
		return rows.Err()
	})
	if err != nil || len(convs) != 2 {
		t.Fatalf("conversations %v, %v", convs, err)
	}
	for _, conv := range convs {
		m, err := svc.Reply(ctx, c.ID, channel.Bot, conv, "Ada, terima kasih!")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Deliver(ctx, c.ID, m.ID, false); err != nil {
			t.Fatal(err)
		}
	}
	for tok, to := range map[string]string{token: "5550001", "sim-device-token": "60123456789"} {
		res, err := http.Get(sim.URL + "/sim/sent?token=" + tok)
		if err != nil {
			t.Fatal(err)
		}
		var sent []simulator.Sent
		_ = json.NewDecoder(res.Body).Decode(&sent)
		res.Body.Close()
		if len(sent) != 1 || sent[0].To != to || sent[0].Text != "Ada, terima kasih!" {
			t.Fatalf("%s: simulated customer received %+v", tok, sent)
		}
	}
}
