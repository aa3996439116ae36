#!/usr/bin/env node
// A real OpenID Connect provider (the `oidc-provider` package) for tests and local trials.
//
// It stands in for a municipality's identity provider (staff sign-in) and, later, for a
// MitID-style login for parents: clients and accounts are configuration, nothing is built in.
//
//   node scripts/oidc-provider.mjs CONFIG.json
//   OIDC_PROVIDER_CONFIG='{"clients": [...], "accounts": {...}}' node scripts/oidc-provider.mjs
//
// CONFIG:
//   {
//     "host": "127.0.0.1",              // optional
//     "port": 0,                        // optional; 0 picks a free port
//     "clients": [{"client_id": "indgang", "client_secret": "…",
//                  "redirect_uris": ["http://127.0.0.1:8000/log-ind/oidc/retur/"]}],
//     "accounts": {"alice": {"preferred_username": "alice", "email": "alice@…", "name": "…"}},
//     "skip_consent": true              // optional, default true: clients are first-party
//   }
//
// An account is chosen on the provider's own (development) sign-in page by typing its key
// as "login" with any password; its claims are what the userinfo endpoint and ID token give.
// Once listening it prints one line, `READY <issuer>`, on stdout; SIGTERM stops it.
// For tests only: the signing key is made afresh at each start and nothing is stored.

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

import Provider from 'oidc-provider';

function loadConfig() {
  const path = process.argv[2];
  if (path) return JSON.parse(readFileSync(path, 'utf8'));
  if (process.env.OIDC_PROVIDER_CONFIG) return JSON.parse(process.env.OIDC_PROVIDER_CONFIG);
  console.error('usage: node scripts/oidc-provider.mjs CONFIG.json (or OIDC_PROVIDER_CONFIG=json)');
  process.exit(2);
}

const config = loadConfig();
const host = config.host || '127.0.0.1';
const accounts = config.accounts || {};
const skipConsent = config.skip_consent !== false;
const clients = (config.clients || []).map((client) => ({
  grant_types: ['authorization_code'],
  response_types: ['code'],
  token_endpoint_auth_method: client.client_secret ? 'client_secret_post' : 'none',
  ...client,
}));
if (!clients.length) {
  console.error('oidc-provider: the configuration names no clients');
  process.exit(2);
}

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig', alg: 'RS256' };

// Claims a scope releases; accounts may carry any of them.
const claims = {
  openid: ['sub'],
  email: ['email', 'email_verified'],
  profile: ['name', 'given_name', 'family_name', 'preferred_username'],
};
const knownClaims = new Set(Object.values(claims).flat());
const extra = new Set();
for (const account of Object.values(accounts)) {
  for (const claim of Object.keys(account)) if (!knownClaims.has(claim)) extra.add(claim);
}
if (extra.size) claims.profile.push(...extra);

const server = createServer();
await new Promise((resolve) => server.listen(config.port || 0, host, resolve));
const issuer = `http://${host}:${server.address().port}`;

const provider = new Provider(issuer, {
  clients,
  jwks: { keys: [jwk] },
  claims,
  cookies: { keys: [randomBytes(32).toString('hex')] },
  pkce: { required: () => false },
  features: { devInteractions: { enabled: true } },
  async findAccount(ctx, id) {
    const account = accounts[id];
    if (!account) return undefined;
    return {
      accountId: id,
      async claims() {
        return { sub: id, ...account };
      },
    };
  },
  async loadExistingGrant(ctx) {
    const grantId =
      ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    if (!skipConsent) return undefined;
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope(ctx.oidc.params.scope || 'openid');
    await grant.save();
    return grant;
  },
});
provider.on('server_error', (ctx, error) => console.error('oidc-provider:', error));

server.on('request', provider.callback());
console.log(`READY ${issuer}`);

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
