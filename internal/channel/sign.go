package channel

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
)

// Sign is hex HMAC-SHA256(secret, body) prefixed "sha256=", as OnSend webhooks may carry.
func Sign(secret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}
