// Which addresses a webhook may reach, judged address by address: the forms a resolver may answer
// with (dotted tails, upper case, zero runs written out) as well as the ones WHATWG URL writes,
// and public addresses behind NAT64, 6to4 or mapping stay reachable.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isForbiddenAddress } from '../src/webhooks/destination.js';

describe('webhook destinations', () => {
  it('refuses every special-use address, however it is written', () => {
    for (const ip of [
      '::7f00:1', '::127.0.0.1', '::', '::1', '::ffff:127.0.0.1', '::FFFF:7F00:1', '::ffff:a9fe:a9fe',
      '0.0.0.0', '127.0.0.1', '10.0.0.1', '169.254.169.254', '255.255.255.255',
      'fe80::1', 'fc00::1', 'fd00:ec2::254', 'ff02::1', '2001:db8::1', '2001::1', '3fff::1', '100::1',
      '64:ff9b::7f00:1', '64:ff9b::127.0.0.1', '64:ff9b:0:0:0:0:7f00:1', '64:ff9b::c0a8:101', '64:ff9b:1::808:808',
      '2002:7f00:1::1', '2002:a00:1::', '::ffff:0:127.0.0.1', '::ffff:0:a9fe:a9fe', 'not-an-address',
    ]) assert.equal(isForbiddenAddress(ip), true, ip);
  });

  it('lets public addresses through, also when an IPv6 address carries a public IPv4 one', () => {
    for (const ip of ['8.8.8.8', '1.1.1.1', '2606:4700::1111', '2a00:1450:4001::200e', '::ffff:8.8.8.8', '64:ff9b::808:808', '64:ff9b::8.8.8.8', '2002:808:808::1']) {
      assert.equal(isForbiddenAddress(ip), false, ip);
    }
  });
});
