package crawler

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strings"

	"golang.org/x/net/http/httpproxy"
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
	if !f.allowPrivate.Load() && privateHost(u.Hostname()) {
		return fmt.Errorf("%w: %s is a private or loopback address, and this source's URL is public: earshot does not follow a public site into your network", ErrBadSource, u.Host)
	}
	return nil
}

// dialer returns the default client's DialContext. It dials the configured
// host and the proxy without a check: the operator named them (an intranet
// name, a docker-compose service, a corporate proxy), and a source whose own
// host resolves to a private address may reach private addresses from then
// on. Any other name is resolved here and refused if it resolves to a
// private address while the source is public, and the address checked is
// the one dialled, so DNS rebinding cannot slip past.
func (f *fetcher) dialer(d *net.Dialer) func(ctx context.Context, network, address string) (net.Conn, error) {
	proxies := proxyHosts()
	return func(ctx context.Context, network, address string) (net.Conn, error) {
		host, port, err := net.SplitHostPort(address)
		if err != nil {
			return nil, err
		}
		own := f.ownHost(host)
		if own || proxies[strings.ToLower(host)] || f.allowPrivate.Load() {
			conn, err := d.DialContext(ctx, network, address)
			if err == nil && own {
				if ip, perr := netip.ParseAddrPort(conn.RemoteAddr().String()); perr == nil && privateAddr(ip.Addr()) {
					f.allowPrivate.Store(true) // the source itself lives in a private network
				}
			}
			return conn, err
		}
		addrs, err := net.DefaultResolver.LookupNetIP(ctx, "ip", host)
		if err != nil {
			return nil, err
		}
		for _, ip := range addrs {
			if privateAddr(ip) {
				return nil, fmt.Errorf("%w: %s resolves to %s, a private or loopback address, and this source's URL is public: earshot does not follow a public site into your network", ErrBadSource, host, ip)
			}
		}
		lastErr := fmt.Errorf("%s: no address", host)
		for _, ip := range addrs { // each in turn, as the standard dialer does
			conn, err := d.DialContext(ctx, network, net.JoinHostPort(ip.String(), port))
			if err == nil {
				return conn, nil
			}
			lastErr = err
		}
		return nil, lastErr
	}
}

// ownHost reports whether host is the one in the source's configured URL.
func (f *fetcher) ownHost(host string) bool { return strings.EqualFold(host, f.srcHost) }

// proxyHosts are the hosts of the proxies the environment configures
// (HTTP_PROXY, HTTPS_PROXY): dialling them is the operator's choice.
func proxyHosts() map[string]bool {
	out := map[string]bool{}
	cfg := httpproxy.FromEnvironment()
	for _, p := range []string{cfg.HTTPProxy, cfg.HTTPSProxy} {
		if p == "" {
			continue
		}
		if !strings.Contains(p, "://") {
			p = "http://" + p
		}
		if u, err := url.Parse(p); err == nil && u.Hostname() != "" {
			out[strings.ToLower(u.Hostname())] = true
		}
	}
	return out
}
