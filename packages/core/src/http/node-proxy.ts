import type { Agent } from 'node:http';

const PROXY_VARIABLES = ['https_proxy', 'http_proxy', 'all_proxy'];

/**
 * The agent for a URL on Node when a proxy applies, else `undefined` (the global keep-alive agent). The proxy is the
 * client's `proxy` option for every URL when given; otherwise it comes from `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`
 * and `NO_PROXY` (either case) with the rules of Python's requests (proxy-from-env). http targets go to the proxy in
 * absolute form (http-proxy-agent), https targets through a CONNECT tunnel (https-proxy-agent), so TLS and
 * `NODE_EXTRA_CA_CERTS` still apply end to end. One agent per proxy URL, kept alive. The libraries load only when a
 * proxy applies as the client first connects; after that the variables are read at each connection.
 */
export async function createProxyAgents(
  options: { proxy?: string | undefined } = {},
): Promise<(url: URL) => Agent | undefined> {
  const { proxy } = options;
  const env = process.env;
  if (!proxy && !PROXY_VARIABLES.some((name) => env[name] || env[name.toUpperCase()])) return () => undefined;
  const [{ getProxyForUrl }, { HttpProxyAgent }, { HttpsProxyAgent }] = await Promise.all([
    import('proxy-from-env'),
    import('http-proxy-agent'),
    import('https-proxy-agent'),
  ]);
  const proxyFor = proxy ? () => proxy : (url: URL) => getProxyForUrl(url.href);
  const agents = new Map<string, Agent>();
  return (url) => {
    const chosen = proxyFor(url);
    if (!chosen) return undefined;
    const key = `${url.protocol} ${chosen}`;
    let agent = agents.get(key);
    if (!agent) {
      agent =
        url.protocol === 'https:'
          ? new HttpsProxyAgent(chosen, { keepAlive: true })
          : new HttpProxyAgent(chosen, { keepAlive: true });
      agents.set(key, agent);
    }
    return agent;
  };
}
