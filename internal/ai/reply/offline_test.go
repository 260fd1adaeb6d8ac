package reply_test

import (
	"context"

	"github.com/sembang/sembang/internal/ai"
	"github.com/sembang/sembang/internal/ai/provider"
)

// offlineModel is the no-key path: the offline provider, with its requests recorded.
func offlineModel() *fakeModel {
	off := provider.NewOffline()
	return &fakeModel{name: ai.ProviderOffline, reply: func(req ai.Request) string {
		res, err := off.Generate(context.Background(), req)
		if err != nil {
			return "error: " + err.Error()
		}
		return res.Text
	}}
}
