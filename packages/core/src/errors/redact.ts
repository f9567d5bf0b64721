/**
 * Secrets a response body or URL may carry, each with the part to keep: a URL's query (signed storage URLs carry
 * their signature there), a bearer token, signing parameters outside a URL (`X-Amz-Signature=…`,
 * `Signature=…`, `sig=…`, `token=…`), and the fields of an S3 signature error that echo the request's credentials
 * and the string it signed (aws/aws-sdk-js-v3, SignatureDoesNotMatch; Azure's `sig` and GCS's `X-Goog-*` too).
 */
const PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/(\bhttps?:\/\/[^\s?#"'<>]+)\?[^\s#"'<>]*/gi, '$1?[redacted]'],
  [/\b(Bearer)\s+[^\s"',;<]+/gi, '$1 [redacted]'],
  [
    /\b(X-(?:Amz|Goog)-(?:Signature|Credential|Security-Token)|Signature|AWSAccessKeyId|sig|token|access_token|api[-_]?key)=[^\s&"'<>]+/gi,
    '$1=[redacted]',
  ],
  [
    /<(SignatureProvided|StringToSign|StringToSignBytes|CanonicalRequest|CanonicalRequestBytes|AWSAccessKeyId|Credential)>[^<]*<\/\1>/gi,
    '<$1>[redacted]</$1>',
  ],
];

/**
 * Removes signatures and credentials from text taken from the network (an error body, a header), so that they never
 * reach an error message or a log line. `secrets` are literal values to hide too (the API key).
 */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let result = text;
  for (const [pattern, replacement] of PATTERNS) result = result.replace(pattern, replacement);
  for (const secret of secrets) if (secret.length >= 4) result = result.split(secret).join('[redacted]');
  return result;
}
