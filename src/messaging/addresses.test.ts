import { describe, expect, it } from 'vitest';
import { addressSpaceOf, mayReadFor } from './addresses';

describe('address spaces', () => {
  it.each([
    ['http://127.0.0.1/a.png', 'loopback'],
    ['http://127.8.9.10:8080/', 'loopback'],
    ['http://2130706433/', 'loopback'],
    ['http://0x7f.0.0.1/', 'loopback'],
    ['http://localhost/', 'loopback'],
    ['http://app.localhost/', 'loopback'],
    ['http://[::1]/', 'loopback'],
    ['http://[::ffff:127.0.0.1]/', 'loopback'],
    ['http://0.0.0.0/', 'loopback'],
    ['http://10.1.2.3/', 'private'],
    ['http://172.16.0.1/', 'private'],
    ['http://172.31.255.255/', 'private'],
    ['http://192.168.1.1/', 'private'],
    ['http://[::ffff:192.168.1.1]/', 'private'],
    ['http://[fd12:3456::1]/', 'private'],
    ['http://printer.local/', 'private'],
    ['http://router/', 'private'],
    ['http://169.254.169.254/latest/meta-data', 'link-local'],
    ['http://[fe80::1]/', 'link-local'],
    ['https://cdn.example.com/cat.jpg', 'public'],
    ['http://172.32.0.1/', 'public'],
    ['http://8.8.8.8/', 'public'],
    ['http://[2001:db8::1]/', 'public'],
  ])('%s is %s', (url, space) => {
    expect(addressSpaceOf(url)).toBe(space);
  });

  it('lets a public page have public images read, and nothing in the visitor’s network', () => {
    expect(mayReadFor('https://news.example/', 'https://cdn.example/a.png')).toBe(true);
    expect(mayReadFor('https://news.example/', 'http://192.168.0.1/cam.jpg')).toBe(false);
    expect(mayReadFor('https://news.example/', 'http://127.0.0.1:8080/a.png')).toBe(false);
    expect(mayReadFor('https://news.example/', 'http://169.254.169.254/a.png')).toBe(false);
    expect(mayReadFor(undefined, 'http://10.0.0.1/a.png')).toBe(false);
  });

  it('lets a page in a private space have its own space read', () => {
    expect(mayReadFor('http://intranet.local/wiki', 'http://10.0.0.5/logo.png')).toBe(true);
    expect(mayReadFor('http://127.0.0.1:3000/', 'http://localhost:3001/a.png')).toBe(true);
    expect(mayReadFor('http://127.0.0.1:3000/', 'http://192.168.1.1/a.png')).toBe(false);
  });
});
