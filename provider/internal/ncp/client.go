package ncp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// APIError is an answer other than a list: the status, NCP's error code and message, and the request
// (method and path, never a key).
type APIError struct {
	Status    int
	Code      string
	Message   string
	RequestID string
	Method    string
	Path      string
	Attempts  int
	Note      string
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: HTTP %d", e.Method, e.Path, e.Status)
	if e.Code != "" {
		fmt.Fprintf(&b, " %s", e.Code)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (requestId %s)", e.RequestID)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " after %d attempts", e.Attempts)
	}
	if e.Status == 401 {
		b.WriteString("; the keys were refused: check that they are this account's and active, and that the machine's clock is right")
	}
	if e.Status == 403 {
		b.WriteString("; the keys may lack permission for this API (a sub account needs a policy that allows it)")
	}
	if e.Note != "" {
		b.WriteString("; " + e.Note)
	}
	return b.String()
}

// ShapeError is a 2xx answer that is not the list's shape, at a JSON path.
type ShapeError struct {
	Method, Path, JSONPath, Problem string
}

func (e *ShapeError) Error() string {
	return fmt.Sprintf("%s %s: unexpected response at %s: %s; the endpoint may not be an NCP API (check NCLOUD_LOOKUPS_ENDPOINT) or the API changed", e.Method, e.Path, e.JSONPath, e.Problem)
}

// NetworkError is a request that got no answer.
type NetworkError struct {
	Method, Path string
	Attempts     int
	Cause        string
}

func (e *NetworkError) Error() string {
	return fmt.Sprintf("%s %s: no answer after %d attempt(s) (%s); check the network, or NCLOUD_SITE / NCLOUD_LOOKUPS_ENDPOINT", e.Method, e.Path, e.Attempts, e.Cause)
}

// Client sends signed GETs with retries (429, 500, 503, 504 and network errors; Retry-After honoured).
type Client struct {
	HTTP          *http.Client
	Credentials   func() (*Credentials, error)
	MaxRetries    int
	BaseDelay     time.Duration
	MaxDelay      time.Duration
	MaxRetryAfter time.Duration
	MaxBytes      int64
	Now           func() time.Time
	Sleep         func(context.Context, time.Duration) error
}

// NewClient is a client with the TypeScript client's defaults (4 retries, 200 ms doubling to 5 s,
// Retry-After up to 60 s, 30 s per request, 16 MiB per answer).
func NewClient(creds func() (*Credentials, error)) *Client {
	return &Client{
		HTTP: &http.Client{
			Timeout:       30 * time.Second,
			Transport:     &http.Transport{Proxy: http.ProxyFromEnvironment, MaxIdleConnsPerHost: 32, IdleConnTimeout: 30 * time.Second},
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		Credentials:   creds,
		MaxRetries:    4,
		BaseDelay:     200 * time.Millisecond,
		MaxDelay:      5 * time.Second,
		MaxRetryAfter: 60 * time.Second,
		MaxBytes:      16 << 20,
	}
}

var retryable = map[int]bool{429: true, 500: true, 503: true, 504: true}

func (c *Client) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

func (c *Client) sleep(ctx context.Context, d time.Duration) error {
	if c.Sleep != nil {
		return c.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func (c *Client) backoff(attempt int) time.Duration {
	d := c.BaseDelay << (attempt - 1)
	if d > c.MaxDelay || d <= 0 {
		d = c.MaxDelay
	}
	return d/2 + time.Duration(rand.Int64N(int64(d/2)+1))
}

var imfDate = regexp.MustCompile(`^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$`)

// ParseRetryAfter reads Retry-After: seconds, or an IMF-fixdate; ok false when absent or unreadable.
func ParseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if f, err := strconv.ParseFloat(v, 64); err == nil && regexp.MustCompile(`^\d+(\.\d+)?$`).MatchString(v) {
		return time.Duration(f*1000+0.5) * time.Millisecond, true
	}
	if !imfDate.MatchString(v) {
		return 0, false
	}
	t, err := time.Parse(http.TimeFormat, v)
	if err != nil {
		return 0, false
	}
	d := t.Sub(now)
	if d < 0 {
		d = 0
	}
	return d, true
}

// ErrorFields reads NCP's error bodies: {"error":{"errorCode","message","details"}} and flat forms.
func ErrorFields(body []byte) (code, message, requestID string) {
	var top map[string]any
	if json.Unmarshal(body, &top) != nil {
		return
	}
	src := top
	if e, ok := top["error"].(map[string]any); ok {
		src = e
	}
	str := func(v any) string {
		switch x := v.(type) {
		case string:
			return x
		case float64:
			return strconv.FormatFloat(x, 'f', -1, 64)
		}
		return ""
	}
	code = str(src["errorCode"])
	if code == "" {
		code = str(src["code"])
	}
	message = str(src["message"])
	if message == "" {
		message = str(src["errorMessage"])
	}
	requestID = str(src["requestId"])
	if requestID == "" {
		requestID = str(top["requestId"])
	}
	return
}

// IsErrorBody is true for a 2xx body that is an NCP error, not a list.
func IsErrorBody(v any) bool {
	o, ok := v.(map[string]any)
	if !ok {
		return false
	}
	if e, ok := o["error"].(map[string]any); ok {
		_, c := e["errorCode"]
		_, m := e["message"]
		if c || m {
			return true
		}
	}
	_, code := o["errorCode"]
	_, items := o["items"]
	_, content := o["content"]
	_, page := o["productPage"]
	return code && !items && !content && !page
}

var controlChars = regexp.MustCompile("[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]")

func sanitize(s string) string {
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return controlChars.ReplaceAllString(s, "\uFFFD")
}

// GetJSON sends a signed GET of origin+uri and decodes a 2xx JSON answer.
func (c *Client) GetJSON(ctx context.Context, origin, uri string, maxRetries int) (any, error) {
	if maxRetries < 0 || maxRetries > c.MaxRetries {
		maxRetries = c.MaxRetries
	}
	for attempt := 1; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		creds, err := c.Credentials()
		if err != nil {
			return nil, err
		}
		ts := strconv.FormatInt(c.now().UnixMilli(), 10)
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, origin+uri, nil)
		if err != nil {
			return nil, &NetworkError{Method: "GET", Path: uri, Attempts: attempt, Cause: "a request that cannot be made"}
		}
		req.Header.Set("accept", "application/json")
		req.Header.Set("content-type", "application/json")
		req.Header.Set("user-agent", "terraform-provider-ncloudlookups")
		req.Header.Set("x-ncp-apigw-timestamp", ts)
		req.Header.Set("x-ncp-iam-access-key", creds.AccessKey)
		req.Header.Set("x-ncp-apigw-signature-v2", SignV2("GET", uri, ts, creds.AccessKey, creds.SecretKey()))
		resp, err := c.HTTP.Do(req)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			if attempt <= maxRetries {
				if err := c.sleep(ctx, c.backoff(attempt)); err != nil {
					return nil, err
				}
				continue
			}
			return nil, &NetworkError{Method: "GET", Path: uri, Attempts: attempt, Cause: describeNetErr(err)}
		}
		body, rerr := io.ReadAll(io.LimitReader(resp.Body, c.MaxBytes+1))
		resp.Body.Close()
		if rerr != nil {
			if attempt <= maxRetries {
				continue
			}
			return nil, &NetworkError{Method: "GET", Path: uri, Attempts: attempt, Cause: "the answer was cut off"}
		}
		if int64(len(body)) > c.MaxBytes {
			return nil, &ShapeError{"GET", uri, "$", fmt.Sprintf("the answer is larger than %d bytes", c.MaxBytes)}
		}
		if resp.StatusCode >= 200 && resp.StatusCode < 300 {
			var v any
			dec := json.NewDecoder(bytes.NewReader(body))
			dec.UseNumber()
			if err := dec.Decode(&v); err != nil {
				return nil, &ShapeError{"GET", uri, "$", fmt.Sprintf("body is not JSON (%d bytes)", len(body))}
			}
			if IsErrorBody(v) {
				code, msg, rid := ErrorFields(body)
				return nil, &APIError{Status: resp.StatusCode, Code: sanitize(code), Message: sanitize(msg), RequestID: sanitize(rid), Method: "GET", Path: uri, Attempts: attempt, Note: "the server answered HTTP 200 but its body is an NCP error, not a list"}
			}
			return v, nil
		}
		if resp.StatusCode >= 300 && resp.StatusCode < 400 {
			return nil, &APIError{Status: resp.StatusCode, Method: "GET", Path: uri, Attempts: attempt, Note: "the server redirected; redirects are not followed (a signature is only valid for the host and path it was made for): point NCLOUD_SITE, NCLOUD_API_GW or NCLOUD_LOOKUPS_ENDPOINT at the host that answers"}
		}
		if retryable[resp.StatusCode] && attempt <= maxRetries {
			wait, ok := ParseRetryAfter(resp.Header.Get("retry-after"), c.now())
			if !ok || wait <= c.MaxRetryAfter {
				if !ok {
					wait = c.backoff(attempt)
				}
				if err := c.sleep(ctx, wait); err != nil {
					return nil, err
				}
				continue
			}
		}
		code, msg, rid := ErrorFields(body)
		if code == "" && msg == "" && len(body) > 0 {
			msg = string(body)
		}
		return nil, &APIError{Status: resp.StatusCode, Code: sanitize(code), Message: sanitize(msg), RequestID: sanitize(rid), Method: "GET", Path: uri, Attempts: attempt}
	}
}

// IsPageSizeRefusal is true for an answer that may mean "page too large": 400, or a server error.
func IsPageSizeRefusal(err error) bool {
	var ae *APIError
	return errors.As(err, &ae) && (ae.Status == 400 || ae.Status >= 500)
}
