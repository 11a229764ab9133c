package ncp

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/cdktf-ncloud-lookups/cdktf-ncloud-lookups/provider/internal/defs"
)

// Settings are what the provider block gives; empty means "not set" (then the environment decides).
type Settings struct {
	AccessKey, SecretKey, Profile, Site, Region, Endpoint string
}

// Env reads environment variables (os.Getenv, or a map in tests).
type Env func(string) string

func (e Env) get(name string) string { return strings.TrimSpace(e(name)) }

// CredentialsError says which sources were searched and how to give keys; it never holds a secret.
type CredentialsError struct{ Message string }

func (e *CredentialsError) Error() string { return e.Message }

// SettingError is a setting with a value that cannot be used, named with the fix.
type SettingError struct{ Message string }

func (e *SettingError) Error() string { return e.Message }

// Credentials are one key pair and where it came from (never the secret).
type Credentials struct {
	AccessKey string
	secretKey string
	Source    string
	// expires is when Server Role keys must be renewed (zero: never).
	expires time.Time
}

// SecretKey returns the secret (signing only).
func (c *Credentials) SecretKey() string { return c.secretKey }

// String never shows the secret.
func (c *Credentials) String() string {
	return "Credentials(" + c.AccessKey + " from " + c.Source + ")"
}

// ParseConfigure reads ~/.ncloud/configure (INI): sections of key = value; keys before any section
// belong to DEFAULT.
func ParseConfigure(text string) map[string]map[string]string {
	out := map[string]map[string]string{}
	section := ""
	text = strings.TrimPrefix(text, "\uFEFF")
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 1024*1024), 1024*1024)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, ";") {
			continue
		}
		if strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]") {
			section = strings.TrimSpace(line[1 : len(line)-1])
			if out[section] == nil {
				out[section] = map[string]string{}
			}
			continue
		}
		eq := strings.Index(line, "=")
		if eq <= 0 {
			continue
		}
		name := section
		if name == "" {
			name = "DEFAULT"
		}
		if out[name] == nil {
			out[name] = map[string]string{}
		}
		key, value := strings.TrimSpace(line[:eq]), strings.TrimSpace(line[eq+1:])
		if section == "" {
			if _, set := out[name][key]; set {
				continue // a section's own value wins over a top-level one
			}
		}
		out[name][key] = value
	}
	return out
}

// ConfigFile is the configure file's path: NCLOUD_CONFIG_FILE, else ~/.ncloud/configure.
func ConfigFile(env Env) string {
	if f := env.get("NCLOUD_CONFIG_FILE"); f != "" {
		return f
	}
	home := env.get("HOME")
	if home == "" {
		home, _ = os.UserHomeDir()
	}
	return filepath.Join(home, ".ncloud", "configure")
}

func profileOf(s Settings, env Env) (string, string) {
	if s.Profile != "" {
		return s.Profile, "the provider's profile"
	}
	if p := env.get("NCLOUD_PROFILE"); p != "" {
		return p, "NCLOUD_PROFILE"
	}
	return "DEFAULT", ""
}

// Location is where requests go: the site, the region, and an override origin for every service.
type Location struct {
	Site, Region, Endpoint string
}

var ncpGateway = regexp.MustCompile(`^[a-z0-9.-]*\.apigw\.((gov|fin)-)?ntruss\.com$`)

// apiGateway reads NCLOUD_API_GW or a profile's ncloud_api_url: an NCP gateway names a site, any
// other URL is an endpoint override.
func apiGateway(value, source string) (site, endpoint string, err error) {
	u, perr := url.Parse(strings.TrimSpace(value))
	if perr != nil || u.Scheme == "" || u.Host == "" {
		return "", "", &SettingError{source + " is not a URL; give the API gateway's base URL, e.g. https://ncloud.apigw.gov-ntruss.com"}
	}
	host := strings.ToLower(u.Hostname())
	if u.Scheme == "https" && ncpGateway.MatchString(host) {
		switch {
		case strings.HasSuffix(host, ".apigw.gov-ntruss.com"):
			return "gov", "", nil
		case strings.HasSuffix(host, ".apigw.fin-ntruss.com"):
			return "fin", "", nil
		default:
			return "public", "", nil
		}
	}
	ep, err := ParseEndpoint(u.Scheme+"://"+u.Host, source)
	return "", ep, err
}

// IsLoopbackHost is true for 127.0.0.0/8, ::1 (also IPv4-mapped) and localhost
// (not names under .localhost, which go to DNS): decided from the parsed
// address, not its spelling.
func IsLoopbackHost(host string) bool {
	h := strings.ToLower(strings.Trim(host, "[]"))
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// ParseEndpoint checks an endpoint override: scheme://host[:port] only, https, or http to loopback.
func ParseEndpoint(value, source string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(value))
	if err != nil || u.Scheme == "" || u.Host == "" {
		shown := ""
		if !strings.Contains(value, "@") {
			shown = fmt.Sprintf(" %q", value)
		}
		return "", &SettingError{fmt.Sprintf("%s%s is not a URL; give scheme://host[:port], e.g. http://127.0.0.1:8080", source, shown)}
	}
	if u.User != nil {
		return "", &SettingError{source + " must not hold a user name or password; give scheme://host[:port]"}
	}
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return "", &SettingError{fmt.Sprintf("%s %q has a path, query or fragment; give only scheme://host[:port] (service paths are added)", source, u.Scheme+"://"+u.Host+u.Path)}
	}
	switch u.Scheme {
	case "http":
		if !IsLoopbackHost(u.Hostname()) {
			return "", &SettingError{fmt.Sprintf("%s uses plain http to %s, which is not a loopback host; use https:// (plain http is allowed only to 127.0.0.1, localhost or ::1)", source, u.Hostname())}
		}
	case "https":
	default:
		return "", &SettingError{fmt.Sprintf("%s has scheme %q; use https:// (or http:// to loopback)", source, u.Scheme+":")}
	}
	return strings.ToLower(u.Scheme) + "://" + strings.ToLower(u.Host), nil
}

func parseSite(value, source string) (string, error) {
	v := strings.ToLower(strings.TrimSpace(value))
	if _, ok := defs.HostFacts().SiteDomains[v]; ok {
		return v, nil
	}
	return "", &SettingError{fmt.Sprintf("%s %q is not a known NCP site; use one of: public, gov, fin", source, value)}
}

// ParseRegion reads a region of a site (aliases SG, JP; KR on fin is FKR); empty is the site's first.
func ParseRegion(value, site, source string) (string, error) {
	h := defs.HostFacts()
	known := h.Regions[site]
	v := strings.ToUpper(strings.TrimSpace(value))
	if v == "" {
		return known[0], nil
	}
	if a, ok := h.RegionAliases[v]; ok {
		v = a
	}
	if site == "fin" && v == "KR" {
		v = "FKR"
	}
	for _, k := range known {
		if k == v {
			return v, nil
		}
	}
	return "", &SettingError{fmt.Sprintf("%s %q is not a Cloud Functions region of the %s site; use one of: %s", source, value, site, strings.Join(known, ", "))}
}

// ResolveLocation: site = setting > NCLOUD_SITE > NCLOUD_API_GW (an NCP gateway) > the profile's
// ncloud_api_url > public; endpoint = setting > NCLOUD_LOOKUPS_ENDPOINT > a non-NCP NCLOUD_API_GW > the
// profile's ncloud_api_url likewise; region = setting > NCLOUD_REGION > the site's first.
func ResolveLocation(s Settings, env Env) (Location, error) {
	var loc Location
	gwSite, gwEndpoint := "", ""
	if gw := env.get("NCLOUD_API_GW"); gw != "" {
		var err error
		if gwSite, gwEndpoint, err = apiGateway(gw, "NCLOUD_API_GW"); err != nil {
			return loc, err
		}
	}
	fileSite, fileEndpoint, fileRead := "", "", false
	fromFile := func() error {
		if fileRead {
			return nil
		}
		fileRead = true
		profile, _ := profileOf(s, env)
		path := ConfigFile(env)
		text, err := os.ReadFile(path)
		if err != nil {
			return nil
		}
		if v := ParseConfigure(string(text))[profile]["ncloud_api_url"]; v != "" {
			fileSite, fileEndpoint, err = apiGateway(v, fmt.Sprintf("ncloud_api_url of %s [%s]", path, profile))
			return err
		}
		return nil
	}
	switch {
	case strings.TrimSpace(s.Site) != "":
		site, err := parseSite(s.Site, "site")
		if err != nil {
			return loc, err
		}
		loc.Site = site
	default:
		envSite := ""
		if v := env.get("NCLOUD_SITE"); v != "" {
			site, err := parseSite(v, "NCLOUD_SITE")
			if err != nil {
				return loc, err
			}
			envSite = site
		}
		if envSite != "" && gwSite != "" && envSite != gwSite {
			return loc, &SettingError{fmt.Sprintf("NCLOUD_SITE is %s but NCLOUD_API_GW points at the %s site; unset one of them or make them agree", envSite, gwSite)}
		}
		loc.Site = envSite
		if loc.Site == "" {
			loc.Site = gwSite
		}
		if loc.Site == "" {
			if err := fromFile(); err != nil {
				return loc, err
			}
			loc.Site = fileSite
		}
		if loc.Site == "" {
			loc.Site = "public"
		}
	}
	switch {
	case strings.TrimSpace(s.Endpoint) != "":
		ep, err := ParseEndpoint(s.Endpoint, "endpoint")
		if err != nil {
			return loc, err
		}
		loc.Endpoint = ep
	case env.get("NCLOUD_LOOKUPS_ENDPOINT") != "":
		ep, err := ParseEndpoint(env.get("NCLOUD_LOOKUPS_ENDPOINT"), "NCLOUD_LOOKUPS_ENDPOINT")
		if err != nil {
			return loc, err
		}
		loc.Endpoint = ep
	case gwEndpoint != "":
		loc.Endpoint = gwEndpoint
	default:
		if err := fromFile(); err != nil {
			return loc, err
		}
		loc.Endpoint = fileEndpoint
	}
	region, source := s.Region, "region"
	if strings.TrimSpace(region) == "" {
		region, source = env.get("NCLOUD_REGION"), "NCLOUD_REGION"
	}
	r, err := ParseRegion(region, loc.Site, source)
	if err != nil {
		return loc, err
	}
	loc.Region = r
	return loc, nil
}

// Origin is the scheme and host a list's requests go to, and its base path.
func (loc Location) Origin(l *defs.List) (origin, basePath string) {
	basePath = l.BasePathOn(loc.Site)
	if loc.Endpoint != "" {
		return loc.Endpoint, basePath
	}
	h := defs.HostFacts()
	prefix := ""
	if l.Regional {
		prefix = h.RegionHostPrefixes[loc.Region]
	}
	return "https://" + prefix + l.Service + ".apigw." + h.SiteDomains[loc.Site], basePath
}

var (
	accessKeyVars = []string{"NCLOUD_ACCESS_KEY_ID", "NCLOUD_ACCESS_KEY"}
	secretKeyVars = []string{"NCLOUD_SECRET_ACCESS_KEY", "NCLOUD_SECRET_KEY"}
)

const howToGiveKeys = "Set NCLOUD_ACCESS_KEY and NCLOUD_SECRET_KEY, or write ~/.ncloud/configure with ncloud_access_key_id and ncloud_secret_access_key under [DEFAULT], or set access_key and secret_key in the provider block"

// ResolveCredentials: the provider's keys > its profile > the environment's keys (both spellings; two
// different values refused) > NCLOUD_PROFILE or DEFAULT in the configure file > Server Role keys.
func ResolveCredentials(s Settings, env Env, role *ServerRole) (*Credentials, error) {
	var searched []string
	ak, sk := strings.TrimSpace(s.AccessKey), strings.TrimSpace(s.SecretKey)
	if ak != "" || sk != "" {
		if ak == "" || sk == "" {
			missing := "access_key"
			if sk == "" {
				missing = "secret_key"
			}
			return nil, &CredentialsError{fmt.Sprintf("the provider's keys are half set: %s is missing; give both access_key and secret_key, or neither", missing)}
		}
		return &Credentials{AccessKey: ak, secretKey: sk, Source: "the provider block"}, nil
	}
	searched = append(searched, "the provider block's access_key/secret_key (none given)")
	if strings.TrimSpace(s.Profile) != "" {
		return fromConfigFile(ConfigFile(env), s.Profile, "the provider's profile", searched)
	}
	for _, names := range [][]string{accessKeyVars, secretKeyVars} {
		a, b := env.get(names[0]), env.get(names[1])
		if a != "" && b != "" && a != b {
			return nil, &CredentialsError{fmt.Sprintf("%s and %s are both set, to different values; NCP's SDKs disagree on which one wins, so this provider uses neither: unset one of them", names[0], names[1])}
		}
	}
	akName, skName := "", ""
	for _, n := range accessKeyVars {
		if akName == "" && env.get(n) != "" {
			akName = n
		}
	}
	for _, n := range secretKeyVars {
		if skName == "" && env.get(n) != "" {
			skName = n
		}
	}
	if akName != "" && skName != "" {
		src := akName + ", " + skName
		if akName == "NCLOUD_ACCESS_KEY" && skName == "NCLOUD_SECRET_KEY" {
			src = akName
		}
		return &Credentials{AccessKey: env.get(akName), secretKey: env.get(skName), Source: "environment (" + src + ")"}, nil
	}
	if akName != "" || skName != "" {
		set, missing := akName, secretKeyVars
		if akName == "" {
			set, missing = skName, accessKeyVars
		}
		return nil, &CredentialsError{fmt.Sprintf("environment credentials are half set: %s is set but neither %s is; set the other key too, or unset %s", set, strings.Join(missing, " nor "), set)}
	}
	searched = append(searched, "environment "+strings.Join(append(append([]string{}, accessKeyVars...), secretKeyVars...), "/")+" (unset)")
	profile, from := profileOf(s, env)
	c, err := fromConfigFile(ConfigFile(env), profile, from, searched)
	if err == nil {
		return c, nil
	}
	var ce *notFound
	if !errors.As(err, &ce) || role == nil {
		return nil, unwrapNotFound(err)
	}
	searched = ce.searched
	if disabled(env) {
		searched = append(searched, "Server Role (off: NCLOUD_LOOKUPS_SERVER_ROLE)")
	} else {
		rc, why := role.Get(env)
		if rc != nil {
			return rc, nil
		}
		searched = append(searched, why)
	}
	return nil, &CredentialsError{"no NCP credentials found. Searched: " + strings.Join(searched, "; ") + ". " + howToGiveKeys}
}

// notFound is "nothing there" (the next source may be tried), as opposed to a broken source.
type notFound struct {
	msg      string
	searched []string
}

func (e *notFound) Error() string { return e.msg }

func unwrapNotFound(err error) error {
	var nf *notFound
	if errors.As(err, &nf) {
		return &CredentialsError{nf.msg}
	}
	return err
}

func fromConfigFile(path, profile, profileFrom string, searched []string) (*Credentials, error) {
	text, err := os.ReadFile(path)
	if err != nil {
		why := "not found"
		if !errors.Is(err, os.ErrNotExist) {
			why = "unreadable"
		}
		searched = append(searched, fmt.Sprintf("%s (%s)", path, why))
		if errors.Is(err, os.ErrNotExist) && profileFrom == "" {
			return nil, &notFound{msg: "no NCP credentials found. Searched: " + strings.Join(searched, "; ") + ". " + howToGiveKeys, searched: searched}
		}
		return nil, &CredentialsError{fmt.Sprintf("cannot read the configure file %s (%s) for profile %q. Searched: %s. %s", path, why, profile, strings.Join(searched, "; "), howToGiveKeys)}
	}
	sections := ParseConfigure(string(text))
	where := fmt.Sprintf("%s [%s]", path, profile)
	sec, ok := sections[profile]
	if !ok {
		var known []string
		for k := range sections {
			known = append(known, k)
		}
		searched = append(searched, where+" (no such profile)")
		from := ""
		if profileFrom != "" {
			from = " (from " + profileFrom + ")"
		}
		msg := fmt.Sprintf("profile %q%s is not in %s; profiles there: %s. Searched: %s", profile, from, path, strings.Join(known, ", "), strings.Join(searched, "; "))
		if profileFrom == "" {
			return nil, &notFound{msg: msg, searched: searched}
		}
		return nil, &CredentialsError{msg}
	}
	a, k := strings.TrimSpace(sec["ncloud_access_key_id"]), strings.TrimSpace(sec["ncloud_secret_access_key"])
	if a == "" || k == "" {
		var missing []string
		if a == "" {
			missing = append(missing, "ncloud_access_key_id")
		}
		if k == "" {
			missing = append(missing, "ncloud_secret_access_key")
		}
		return nil, &CredentialsError{fmt.Sprintf("%s lacks %s; add it, or set NCLOUD_ACCESS_KEY and NCLOUD_SECRET_KEY", where, strings.Join(missing, " and "))}
	}
	return &Credentials{AccessKey: a, secretKey: k, Source: where}, nil
}

func disabled(env Env) bool {
	switch strings.ToLower(env.get("NCLOUD_LOOKUPS_SERVER_ROLE")) {
	case "off", "false", "0", "no":
		return true
	}
	return false
}

// ServerRole asks NCP's server metadata service for the Server Role's keys (as NCP's Go SDK does),
// once per endpoint, renewed 5 minutes before they expire.
type ServerRole struct {
	mu    sync.Mutex
	cache map[string]*Credentials
	// Now is the clock (tests).
	Now func() time.Time
}

const (
	defaultMetadataEndpoint = "http://169.254.169.254"
	credentialsPath         = "/latest/meta-data/iam/security-credentials/"
	renewBefore             = 5 * time.Minute
)

var roleName = regexp.MustCompile(`^[\w+=,.@-]{1,128}$`)

// RedactURL removes a user name and password from a URL for messages.
func RedactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		if i := strings.LastIndex(raw, "@"); i >= 0 {
			return "[redacted]@" + raw[i+1:]
		}
		return raw
	}
	if u.User != nil {
		u.User = url.User("[redacted]")
		return strings.Replace(u.String(), "%5Bredacted%5D", "[redacted]", 1)
	}
	return raw
}

// Get returns the role's keys, or why there are none (for "Searched:").
func (r *ServerRole) Get(env Env) (*Credentials, string) {
	endpoint := strings.TrimRight(env.get("NCLOUD_METADATA_API_ENDPOINT"), "/")
	if endpoint == "" {
		endpoint = defaultMetadataEndpoint
	}
	now := time.Now
	if r.Now != nil {
		now = r.Now
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if c, ok := r.cache[endpoint]; ok && now().Before(c.expires) {
		return c, ""
	}
	where := fmt.Sprintf("the Server Role metadata service at %s (NCLOUD_METADATA_API_ENDPOINT; NCLOUD_LOOKUPS_SERVER_ROLE=off turns it off)", RedactURL(endpoint))
	u, err := url.Parse(endpoint + credentialsPath)
	if err != nil || u.Scheme != "http" {
		return nil, where + ": not an http:// URL"
	}
	client := &http.Client{Timeout: 2 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(u string) (int, string, error) {
		resp, err := client.Get(u)
		if err != nil {
			return 0, "", err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(io.LimitReader(resp.Body, 64*1024))
		return resp.StatusCode, string(b), err
	}
	status, body, err := get(u.String())
	if err != nil {
		return nil, where + ": no answer (" + describeNetErr(err) + ")"
	}
	if status != 200 {
		return nil, fmt.Sprintf("%s: HTTP %d for the role names (no Server Role?)", where, status)
	}
	role := ""
	for _, l := range strings.Split(body, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			role = l
			break
		}
	}
	if role == "" {
		return nil, where + ": no role attached to this server"
	}
	if !roleName.MatchString(role) || role == "." || role == ".." {
		return nil, where + ": an unexpected role name"
	}
	status, body, err = get(u.String() + url.PathEscape(role))
	if err != nil {
		return nil, fmt.Sprintf("%s, role %s: no answer (%s)", where, role, describeNetErr(err))
	}
	if status != 200 {
		return nil, fmt.Sprintf("%s, role %s: HTTP %d", where, role, status)
	}
	var j struct {
		AccessKeyID     string `json:"AccessKeyId"`
		SecretAccessKey string `json:"SecretAccessKey"`
		Expiration      string `json:"Expiration"`
	}
	if json.Unmarshal([]byte(body), &j) != nil {
		return nil, fmt.Sprintf("%s, role %s: an answer that is not JSON", where, role)
	}
	if strings.TrimSpace(j.AccessKeyID) == "" || strings.TrimSpace(j.SecretAccessKey) == "" {
		return nil, fmt.Sprintf("%s, role %s: no keys in the answer", where, role)
	}
	expires := now().Add(time.Hour)
	if t, err := time.Parse(time.RFC3339, j.Expiration); err == nil {
		expires = t
	}
	c := &Credentials{AccessKey: strings.TrimSpace(j.AccessKeyID), secretKey: strings.TrimSpace(j.SecretAccessKey), Source: fmt.Sprintf("Server Role %s (metadata service %s)", role, RedactURL(endpoint)), expires: expires.Add(-renewBefore)}
	if r.cache == nil {
		r.cache = map[string]*Credentials{}
	}
	r.cache[endpoint] = c
	return c, ""
}

func describeNetErr(err error) string {
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return "timed out"
	}
	var oe *net.OpError
	if errors.As(err, &oe) {
		return oe.Op + ": " + oe.Err.Error()
	}
	return "network error"
}
