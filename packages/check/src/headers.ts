/** Header values as `node:http` parses them, or as a plain record. */
type HeaderValues = Record<string, string | readonly string[] | number | undefined>;

/**
 * The one conversion of headers to a plain record with lower-case names: from a `Headers` (fetch, any realm) or from
 * `node:http`'s parsed record, where repeated headers (`set-cookie`) are joined with ", " as `Headers.get` does. Here,
 * the lowest package they share, for core's HTTP layer and the server's request log.
 */
export function headerRecord(headers: Headers | HeaderValues): Record<string, string> {
  const record: Record<string, string> = {};
  if (isHeaders(headers)) {
    headers.forEach((value, name) => {
      record[name.toLowerCase()] = value;
    });
    return record;
  }
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (value === undefined) continue;
    record[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return record;
}

// Not `instanceof Headers`: a caller's fetch may come from a polyfill with its own class.
function isHeaders(headers: Headers | HeaderValues): headers is Headers {
  return typeof headers.forEach === 'function' && typeof headers.get === 'function';
}
