// A real OpenID Connect provider (npm `oidc-provider`) for the SSO tests, on 127.0.0.1 only.
// Usage: PORT=<port> CLIENT_BASE_URL=http://testserver node server.mjs
// Clients, scopes and accounts come from config.json beside this file. Login and consent are completed
// by POST /interaction/<uid>/login with `account=<account id>` (no passwords: the tests play the user).
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

import Provider from 'oidc-provider';

const config = JSON.parse(readFileSync(new URL('./config.json', import.meta.url), 'utf8'));
const port = Number(process.env.PORT);
const clientBaseUrl = process.env.CLIENT_BASE_URL || 'http://testserver';
const issuer = `http://127.0.0.1:${port}`;

// Fresh signing keys on every start: one RSA (RS256) and one P-256 (ES256) key.
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });

const clients = config.clients.map(({ redirect_path: path, ...client }) => ({
  ...client,
  redirect_uris: [`${clientBaseUrl}${path}`],
  grant_types: ['authorization_code'],
  response_types: ['code'],
}));

const scopeClaims = { openid: ['sub'], ...config.scopes };

const provider = new Provider(issuer, {
  clients,
  jwks: { keys: [{ ...rsa, kid: 'rsa-1', use: 'sig', alg: 'RS256' }, { ...ec, kid: 'ec-1', use: 'sig', alg: 'ES256' }] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  claims: scopeClaims,
  scopes: Object.keys(scopeClaims),
  // The portal reads the claims from the ID token, as NemLog-in's broker delivers them.
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: { devInteractions: { enabled: false } },
  ttl: { AuthorizationCode: 60, IdToken: 300, AccessToken: 300, Interaction: 600, Session: 600, Grant: 600 },
  async findAccount(ctx, id) {
    const claims = config.accounts[id];
    if (!claims) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...claims }; } };
  },
});

// The tests play the user: POST /interaction/<uid>/login with account=<id> logs in and consents at once.
provider.use(async (ctx, next) => {
  const match = ctx.path.match(/^\/interaction\/([^/]+)(\/login)?$/);
  if (!match) return next();
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  if (!match[2]) {
    ctx.type = 'json';
    ctx.body = { uid: details.uid, prompt: details.prompt.name, client_id: details.params.client_id };
    return undefined;
  }
  const body = await new Promise((resolve) => {
    let data = '';
    ctx.req.on('data', (chunk) => { data += chunk; });
    ctx.req.on('end', () => resolve(new URLSearchParams(data)));
  });
  const accountId = body.get('account');
  if (ctx.method !== 'POST' || !config.accounts[accountId]) {
    ctx.status = 400;
    ctx.body = 'unknown account';
    return undefined;
  }
  const grant = new provider.Grant({ accountId, clientId: details.params.client_id });
  grant.addOIDCScope(details.params.scope);
  const grantId = await grant.save();
  ctx.respond = false;
  await provider.interactionFinished(ctx.req, ctx.res, { login: { accountId }, consent: { grantId } }, {
    mergeWithLastSubmission: false,
  });
  return undefined;
});

const server = provider.listen(port, '127.0.0.1', () => {
  console.log(`oidc-provider listening on ${issuer}`);
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
