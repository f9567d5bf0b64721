import { parseFault } from '../faults.js';
import { HttpError } from '../http/errors.js';
import { readJsonObject } from '../http/request-body.js';
import { sendJson } from '../http/respond.js';
import type { RouteContext } from '../route-context.js';

/** `POST /_admin/faults` with `{faults: Fault[]}`: plans more faults; answers the plan. */
export async function addFaults(context: RouteContext): Promise<void> {
  const body = await readJsonObject(context.request);
  if (!Array.isArray(body.faults)) throw new HttpError(400, 'faults must be an array', { param: 'faults' });
  const faults = body.faults.map(parseFault);
  context.services.faults.add(...faults);
  sendJson(context.response, 200, { faults: context.services.faults.list() });
}

/** `GET /_admin/faults`: the faults still planned, with the hits they have left. */
export async function listFaults(context: RouteContext): Promise<void> {
  sendJson(context.response, 200, { faults: context.services.faults.list() });
}

/** `DELETE /_admin/faults`: drops every planned fault. */
export async function clearFaults(context: RouteContext): Promise<void> {
  context.services.faults.clear();
  sendJson(context.response, 200, { faults: [] });
}

/** `GET /_admin/requests`: every request accepted so far, in order: method, path and route, never headers. */
export async function listRequests(context: RouteContext): Promise<void> {
  sendJson(context.response, 200, { requests: context.services.requestLog.withoutHeaders() });
}

/** `DELETE /_admin/requests`: forgets the requests received so far. */
export async function clearRequests(context: RouteContext): Promise<void> {
  context.services.requestLog.clear();
  sendJson(context.response, 200, { requests: [] });
}
