package crawler

import (
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
)

// A source on the public internet must not lead earshot into the operator's
// own network: a redirect or a "next page" link to 127.0.0.1, a LAN host or
// 169.254.169.254 (cloud metadata) would have earshot fetch it and parse the
// answer as reviews. So a source whose configured URL is public may reach
// public addresses only; one configured on a private address (a staging
// site, the demo, tests) may reach both. URLs with an address or a
// localhost name are checked before each request and redirect, and, with
// the default HTTP client, the address actually dialled is checked too, so
// a public name that resolves to a private address is refused as well.

// privateAddr reports whether ip is loopback, private (RFC 1918, ULA),
// link-local, carrier-grade NAT, unspecified or multicast.
func privateAddr(ip netip.Addr) bool {
	ip = ip.Unmap()
	return ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsUnspecified() || ip.IsMulticast() || ip.IsInterfaceLocalMulticast() ||
		netip.MustParsePrefix("100.64.0.0/10").Contains(ip)
}

// privateHost reports whether a URL host names a private address by itself:
// an address literal or a localhost name. Other names are judged when dialled.
func privateHost(host string) bool {
	h := strings.ToLower(strings.TrimSuffix(host, "."))
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return true
	}
	ip, err := netip.ParseAddr(strings.Trim(h, "[]"))
	return err == nil && privateAddr(ip)
}

// privateURL reports whether a source URL points at a private address.
func privateURL(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && privateHost(u.Hostname())
}

// checkTarget refuses u when the source may not reach private addresses.
func (f *fetcher) checkTarget(u *url.URL) error {
	if !f.allowPrivate && privateHost(u.Hostname()) {
		return fmt.Errorf("%w: %s is a private or loopback address, and this source's URL is public: earshot does not follow a public site into your network", ErrBadSource, u.Host)
	}
	return nil
}

// dialControl refuses a connection to a private address when the source may
// not reach one (DNS names that resolve there, DNS rebinding).
func (f *fetcher) dialControl(_, address string, _ syscall.RawConn) error {
	if f.allowPrivate {
		return nil
	}
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	if ip, err := netip.ParseAddr(host); err == nil && privateAddr(ip) {
		return fmt.Errorf("%w: refusing to connect to %s, a private or loopback address, for a public source", ErrBadSource, host)
	}
	return nil
}
