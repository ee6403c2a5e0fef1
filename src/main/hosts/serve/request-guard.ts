import crypto from 'node:crypto';
import net from 'node:net';
import type { IncomingMessage } from 'node:http';

/**
 * The token cookie's name for the server on `port`. Browsers keep cookies per host, not per port:
 * one name for all would let two `serve` instances (or any other server on 127.0.0.1) overwrite
 * each other's token. A name per port keeps each instance's cookie its own.
 */
export function tokenCookieName(port: number): string {
  return `vit_studio_token_${port}`;
}

/** A fresh per-launch access token: 24 random bytes, URL-safe. */
export function newToken(): string {
  return crypto.randomBytes(24).toString('base64url');
}

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost') return true;
  if (net.isIPv4(h)) return h.startsWith('127.');
  if (net.isIPv6(h)) return h === '::1' || h.startsWith('::ffff:127.');
  return false;
}

function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]';
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/**
 * Every value of cookie `name`: another server on the same host can plant one of the same name
 * (with a longer Path it comes first), so the right one may be any of them.
 */
function cookieValues(header: string | undefined, name: string): string[] {
  if (!header) return [];
  const values: string[] = [];
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) values.push(part.slice(eq + 1).trim());
  }
  return values;
}

/**
 * Decides which requests the server answers at all. Holds the launch token and the address the
 * server is bound to; every check is a pure function of the request headers.
 */
export class RequestGuard {
  constructor(
    readonly token: string,
    private readonly boundHost: string,
    private port: number,
  ) {}

  setPort(port: number): void {
    this.port = port;
  }

  /**
   * DNS-rebinding defence: the Host header must name the address we are bound to (a page on
   * evil.example resolving to 127.0.0.1 sends Host: evil.example). A loopback server also
   * answers to localhost / 127.0.0.1 / [::1]; a wildcard bind accepts IP literals only.
   */
  hostAllowed(hostHeader: string | undefined): boolean {
    if (!hostHeader) return false;
    const m = /^(\[[0-9a-fA-F:.]+\]|[^:\[\]]+)(?::(\d+))?$/.exec(hostHeader.trim());
    if (!m) return false;
    const name = m[1]!.toLowerCase();
    const port = m[2] ? Number(m[2]) : 80;
    if (port !== this.port) return false;
    const bare = name.replace(/^\[|\]$/g, '');
    if (isWildcard(this.boundHost)) return net.isIP(bare) !== 0 || bare === 'localhost';
    if (isLoopbackHost(this.boundHost)) return isLoopbackHost(bare);
    return bare === this.boundHost.replace(/^\[|\]$/g, '').toLowerCase();
  }

  /** No cross-origin callers: an Origin header, when sent, must be our own origin. */
  originAllowed(origin: string | undefined, hostHeader: string | undefined): boolean {
    if (origin === undefined) return true;
    return origin === `http://${hostHeader}` && this.hostAllowed(hostHeader);
  }

  /** The cookie set by the index page, or `Authorization: Bearer <token>` for scripts. */
  authorized(req: IncomingMessage): boolean {
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ') && sameToken(auth.slice(7).trim(), this.token)) return true;
    return cookieValues(req.headers.cookie, tokenCookieName(this.port)).some((v) => sameToken(v, this.token));
  }

  tokenMatches(candidate: string | null): boolean {
    return candidate !== null && sameToken(candidate, this.token);
  }

  sessionCookie(): string {
    return `${tokenCookieName(this.port)}=${this.token}; HttpOnly; SameSite=Strict; Path=/`;
  }
}
