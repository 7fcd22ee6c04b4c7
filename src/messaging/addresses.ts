// Which address space a URL's host is in. A public page must never get the extension to read something
// in the visitor's own network (a router, an intranet app, a service on this computer), which the page
// itself could not read.
//
// Only what the URL says is judged: the extension cannot resolve names itself, so a public name that
// resolves to a private address (DNS rebinding) is not caught here; the browser's own Private Network
// Access rules still apply to the page.

export type AddressSpace = 'loopback' | 'private' | 'link-local' | 'public';

export function addressSpaceOf(url: string | URL): AddressSpace {
  const parsed = typeof url === 'string' ? new URL(url) : url;
  // The URL parser has already turned decimal, octal and hex IPv4 forms ("2130706433", "0x7f.1") into dotted form.
  const host = parsed.hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return 'loopback';
  if (host.endsWith('.local') || host.endsWith('.internal') || host.endsWith('.lan') || host.endsWith('.home.arpa')) return 'private';
  const v4 = ipv4(host);
  if (v4) return ipv4Space(v4);
  if (host.includes(':')) return ipv6Space(host);
  // A single-label name ("router", "nas") is resolved on the local network.
  if (!host.includes('.')) return 'private';
  return 'public';
}

function ipv4(host: string): number[] | undefined {
  const parts = host.split('.');
  if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part))) return undefined;
  const bytes = parts.map(Number);
  return bytes.every((byte) => byte <= 255) ? bytes : undefined;
}

function ipv4Space([a = 0, b = 0]: number[]): AddressSpace {
  if (a === 127 || a === 0) return 'loopback';
  if (a === 169 && b === 254) return 'link-local';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private';
  if (a === 100 && b >= 64 && b <= 127) return 'private'; // carrier-grade NAT
  return 'public';
}

function ipv6Space(host: string): AddressSpace {
  if (host === '::1' || host === '::') return 'loopback';
  // IPv4-mapped and -compatible forms (::ffff:7f00:1 as the URL parser writes ::ffff:127.0.0.1).
  const mapped = /^::(?:ffff:)?([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  if (mapped) {
    const high = parseInt(mapped[1]!, 16);
    const low = parseInt(mapped[2]!, 16);
    return ipv4Space([high >> 8, high & 255, low >> 8, low & 255]);
  }
  const first = parseInt(host.split(':')[0] || '0', 16);
  if ((first & 0xffc0) === 0xfe80) return 'link-local';
  if ((first & 0xfe00) === 0xfc00) return 'private';
  return 'public';
}

/**
 * Whether a page at `pageUrl` may have the extension read `targetUrl` for it: anything public, and
 * non-public addresses only from a page in the same address space (an intranet page's own images).
 */
export function mayReadFor(pageUrl: string | undefined, targetUrl: string): boolean {
  const target = addressSpaceOf(targetUrl);
  if (target === 'public') return true;
  if (!pageUrl) return false;
  try {
    return addressSpaceOf(pageUrl) === target;
  } catch {
    return false;
  }
}
