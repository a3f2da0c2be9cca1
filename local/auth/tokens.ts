/**
 * Local sign-in: id tokens shaped like Cognito's, and their verification the way API Gateway's
 * Cognito authorizer verifies them (signature, issuer, audience, expiry, token_use = id) before
 * handing the claims to the handler.
 */
import { randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { SIGNING_ALGORITHM, type SigningKey } from './signing-key';

export const TOKEN_LIFETIME_SECONDS = 3600;

export interface TokenRequest {
  readonly sub: string;
  readonly email?: string;
  readonly groups?: readonly string[];
}

/** The `iss` of local id tokens: Cognito's shape, on a host that is not Cognito's. */
export const issuerOf = (key: SigningKey): string => `https://cognito-idp.local/${key.userPoolId}`;

export const issueIdToken = (key: SigningKey, request: TokenRequest): Promise<string> => {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    ...(request.email ? { email: request.email, email_verified: true } : {}),
    ...(request.groups?.length ? { 'cognito:groups': [...request.groups] } : {}),
    'cognito:username': request.sub,
    token_use: 'id',
    auth_time: now,
    origin_jti: randomUUID(),
  })
    .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: key.kid })
    .setSubject(request.sub)
    .setIssuer(issuerOf(key))
    .setAudience(key.clientId)
    .setIssuedAt(now)
    .setExpirationTime(now + TOKEN_LIFETIME_SECONDS)
    .setJti(randomUUID())
    .sign(key.privateKey);
};

export type Verification = { readonly ok: true; readonly claims: JWTPayload } | { readonly ok: false; readonly reason: string };

/** Accepts the token bare or after `Bearer `, as clients send either. */
export const verifyIdToken = async (key: SigningKey, authorization: string | undefined): Promise<Verification> => {
  const token = authorization?.replace(/^Bearer\s+/i, '').trim();
  if (!token) return { ok: false, reason: 'A bearer token is required in the Authorization header.' };
  try {
    const { payload } = await jwtVerify(token, key.publicKey, {
      algorithms: [SIGNING_ALGORITHM],
      issuer: issuerOf(key),
      audience: key.clientId,
      requiredClaims: ['sub', 'exp', 'iat'],
    });
    if (payload.token_use !== 'id') return { ok: false, reason: 'Only id tokens are accepted.' };
    return { ok: true, claims: payload };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { ok: false, reason: 'The token has expired.' };
    return { ok: false, reason: 'The token is invalid.' };
  }
};

/** `Wed Nov 25 07:54:33 UTC 2026`: how a REST API's Cognito authorizer renders exp, iat and auth_time. */
const javaDate = (epochSeconds: number): string => {
  const date = new Date(epochSeconds * 1000);
  const [weekday, day, month, year, time] = date.toUTCString().replace(',', '').split(' ') as [string, string, string, string, string];
  return `${weekday} ${month} ${day} ${time} UTC ${year}`;
};

/**
 * The claims as a REST API's Cognito authorizer passes them in requestContext.authorizer.claims:
 * every value a string, dates in Java's format, `cognito:groups` flattened ("admin", "[admin, ops]").
 */
export const restApiClaims = (claims: JWTPayload): Record<string, string> =>
  Object.fromEntries(
    Object.entries(claims).map(([name, value]) => {
      if (name === 'cognito:groups' && Array.isArray(value)) return [name, value.length === 1 ? String(value[0]) : `[${value.join(', ')}]`];
      if (['exp', 'iat'].includes(name) && typeof value === 'number') return [name, javaDate(value)];
      if (Array.isArray(value)) return [name, value.join(',')];
      return [name, String(value)];
    }),
  );
