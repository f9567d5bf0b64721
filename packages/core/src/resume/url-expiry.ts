/**
 * When a presigned URL stops working, in ms since the epoch, read from its query as S3 writes it: SigV4's
 * `X-Amz-Date` (`YYYYMMDDTHHMMSSZ`) plus `X-Amz-Expires` (seconds), or SigV2's `Expires` (unix seconds; the local
 * server's `expires` too). `undefined` when the URL does not say; then only a 403 tells.
 */
export function urlExpiry(url: string): number | undefined {
  let query: URLSearchParams;
  try {
    query = new URL(url).searchParams;
  } catch {
    return undefined;
  }
  const find = (name: string) => {
    for (const [key, value] of query) if (key.toLowerCase() === name) return value;
    return undefined;
  };
  const date = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(find('x-amz-date') ?? '');
  const lifetime = Number(find('x-amz-expires'));
  if (date && Number.isFinite(lifetime)) {
    const [, year, month, day, hour, minute, second] = date.map(Number) as number[];
    return Date.UTC(year!, month! - 1, day!, hour!, minute!, second!) + lifetime * 1000;
  }
  const expires = find('expires');
  return expires && /^\d+$/.test(expires) ? Number(expires) * 1000 : undefined;
}

/** The earliest expiry of `urls`, or `undefined` when none says. */
export function earliestExpiry(urls: readonly string[]): number | undefined {
  const known = urls.map(urlExpiry).filter((value): value is number => value !== undefined);
  return known.length ? Math.min(...known) : undefined;
}
