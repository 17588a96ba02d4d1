import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { HttpDouble, type RecordedRequest } from '../../testing/http-double.ts';
import { signV4 } from '../sigv4.ts';

/** An S3 error body as the REST API sends it. */
function s3Error(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/xml' });
  res.end(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`,
  );
}

const fromAmzDate = (d: string) =>
  new Date(
    `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${d.slice(9, 11)}:${d.slice(11, 13)}:${d.slice(13, 15)}Z`,
  );

/**
 * A loopback S3-compatible server (path-style `/<bucket>/<key>`): PutObject and GetObject, every
 * request checked like S3 does — Signature V4 over the signed headers, the credential scope, and the
 * body against `x-amz-content-sha256` — answering S3's XML errors otherwise.
 */
export class S3Double {
  readonly objects = new Map<string, Buffer>();
  private constructor(
    readonly http: HttpDouble,
    private readonly o: { bucket: string; region: string; accessKeyId: string; secretAccessKey: string },
  ) {}

  static async start(o: { bucket: string; region: string; accessKeyId: string; secretAccessKey: string }) {
    let self: S3Double | undefined;
    const http = await HttpDouble.start((req, res) => self!.handle(req, res));
    self = new S3Double(http, o);
    return self;
  }

  get url(): string {
    return this.http.url;
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private handle(req: RecordedRequest, res: ServerResponse): void {
    const problem = this.authProblem(req);
    const [, bucket, ...rest] = req.path.split('/');
    const key = rest.map(decodeURIComponent).join('/');
    const obj = this.objects.get(key);
    if (problem) s3Error(res, 403, problem.code, problem.message);
    else if (bucket !== this.o.bucket)
      s3Error(res, 404, 'NoSuchBucket', 'The specified bucket does not exist');
    else if (req.method === 'PUT') {
      this.objects.set(key, req.body);
      res.writeHead(200, { etag: `"${createHash('md5').update(req.body).digest('hex')}"` });
      res.end();
    } else if (req.method !== 'GET')
      s3Error(res, 405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
    else if (!obj) s3Error(res, 404, 'NoSuchKey', 'The specified key does not exist.');
    else {
      res.writeHead(200, { 'content-type': 'audio/wav', 'content-length': String(obj.length) });
      res.end(obj);
    }
  }

  private authProblem(req: RecordedRequest): { code: string; message: string } | undefined {
    const auth = String(req.headers.authorization ?? '');
    const m =
      /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request,SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$/.exec(
        auth,
      );
    if (!m) return { code: 'AccessDenied', message: 'Missing or malformed Signature V4 authorization.' };
    const [, akid, day, region, signed, signature] = m;
    if (akid !== this.o.accessKeyId)
      return {
        code: 'InvalidAccessKeyId',
        message: 'The AWS Access Key Id you provided does not exist in our records.',
      };
    const date = String(req.headers['x-amz-date'] ?? '');
    if (region !== this.o.region || !date.startsWith(day!))
      return {
        code: 'AuthorizationHeaderMalformed',
        message: 'The authorization header is malformed; the region or date is wrong.',
      };
    const payloadHash = String(req.headers['x-amz-content-sha256'] ?? '');
    if (payloadHash !== createHash('sha256').update(req.body).digest('hex'))
      return {
        code: 'XAmzContentSHA256Mismatch',
        message: 'The provided x-amz-content-sha256 header does not match.',
      };
    const own = new Set(['host', 'x-amz-date', 'x-amz-content-sha256']);
    const headers = Object.fromEntries(
      signed!
        .split(';')
        .filter((h) => !own.has(h))
        .map((h) => [h, String(req.headers[h] ?? '')]),
    );
    const expected = signV4({
      method: req.method,
      url: new URL(`http://${req.headers.host}${req.path}`),
      headers,
      payloadHash,
      region: this.o.region,
      service: 's3',
      accessKeyId: this.o.accessKeyId,
      secretAccessKey: this.o.secretAccessKey,
      now: fromAmzDate(date),
    }).authorization;
    if (!expected?.endsWith(`Signature=${signature}`) || !expected.includes(`SignedHeaders=${signed},`))
      return {
        code: 'SignatureDoesNotMatch',
        message: 'The request signature we calculated does not match the signature you provided.',
      };
    return undefined;
  }
}
