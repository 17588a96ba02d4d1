import { jwtVerify, SignJWT } from 'jose';

export interface JwtClaims {
  sub: string;
  jti: string;
  /** Seconds since the epoch. */
  iat: number;
  exp: number;
  [claim: string]: unknown;
}

/** HS256 JWTs for one issuer/audience pair, checked against an injected "now" (tests use a manual clock). */
export class Hs256Jwt {
  constructor(
    private readonly key: Uint8Array,
    private readonly issuer: string,
    private readonly audience: string,
  ) {}

  sign(claims: JwtClaims): Promise<string> {
    const { sub, jti, iat, exp, ...rest } = claims;
    return new SignJWT(rest)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setSubject(sub)
      .setJti(jti)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(this.key);
  }

  /** The claims of a valid, unexpired token of this issuer and audience; undefined otherwise. */
  async verify(token: string, nowMs: number): Promise<JwtClaims | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: this.issuer,
        audience: this.audience,
        algorithms: ['HS256'],
        currentDate: new Date(nowMs),
        requiredClaims: ['sub', 'jti', 'iat', 'exp'],
      });
      return payload as JwtClaims;
    } catch {
      return undefined;
    }
  }
}
