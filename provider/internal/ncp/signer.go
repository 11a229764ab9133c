// Package ncp is the provider's NCP client: signature v2, query encoding, endpoints, credentials,
// requests with retries, paging and name matching, as the TypeScript client does them (the shared
// cases under conformance/ check both).
package ncp

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strings"
)

// SignatureMessage is the text signature v2 signs: "METHOD URI\nTIMESTAMP\nACCESS_KEY".
func SignatureMessage(method, requestURI, timestamp, accessKey string) string {
	return method + " " + requestURI + "\n" + timestamp + "\n" + accessKey
}

// SignV2 is NCP's signature v2: base64(HMAC-SHA256(secretKey, message)).
func SignV2(method, requestURI, timestamp, accessKey, secretKey string) string {
	mac := hmac.New(sha256.New, []byte(secretKey))
	mac.Write([]byte(SignatureMessage(method, requestURI, timestamp, accessKey)))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// EncodeRFC3986 percent-encodes everything but A-Z a-z 0-9 - _ . ~ (as encodeURIComponent, plus ! ' ( ) *).
func EncodeRFC3986(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~' {
			b.WriteByte(c)
		} else {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}

// Pair is one query parameter.
type Pair struct{ Name, Value string }

// QueryString joins pairs as name=value&…, both encoded.
func QueryString(pairs []Pair) string {
	parts := make([]string, len(pairs))
	for i, p := range pairs {
		parts[i] = EncodeRFC3986(p.Name) + "=" + EncodeRFC3986(p.Value)
	}
	return strings.Join(parts, "&")
}

// RequestURI is the path with its query, as signed and sent.
func RequestURI(path, query string) string {
	if query == "" {
		return path
	}
	return path + "?" + query
}
