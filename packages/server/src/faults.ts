import { HttpError } from './http/errors.js';
import { type Fault, ROUTE_NAMES, type RouteName } from './types.js';

const FAULT_KEYS = new Set([
  'route',
  'times',
  'status',
  'retryAfter',
  'retryAfterMs',
  'headers',
  'resetAfterBytes',
  'delayMs',
  'diskFull',
]);

function isCount(value: unknown): boolean {
  return value === undefined || (typeof value === 'number' && Number.isFinite(value) && value >= 0);
}

/** Checks a fault that came over the wire; a 400 names what is wrong. */
export function parseFault(value: unknown): Fault {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HttpError(400, 'A fault must be an object', { param: 'faults' });
  }
  const fault = value as Record<string, unknown>;
  const unknownKey = Object.keys(fault).find((key) => !FAULT_KEYS.has(key));
  if (unknownKey) throw new HttpError(400, `Unknown fault field ${unknownKey}`, { param: 'faults' });
  if (fault.route !== '*' && !(ROUTE_NAMES as readonly unknown[]).includes(fault.route)) {
    throw new HttpError(
      400,
      `Invalid fault route ${JSON.stringify(fault.route)}; allowed: *, ${ROUTE_NAMES.join(', ')}`,
      {
        param: 'faults',
      },
    );
  }
  for (const key of ['times', 'retryAfter', 'retryAfterMs', 'resetAfterBytes', 'delayMs']) {
    if (!isCount(fault[key]))
      throw new HttpError(400, `Fault ${key} must be a number >= 0`, { param: 'faults' });
  }
  const status = fault.status;
  if (
    status !== undefined &&
    (!Number.isInteger(status) || (status as number) < 200 || (status as number) > 599)
  ) {
    throw new HttpError(400, 'Fault status must be an HTTP status (200-599)', { param: 'faults' });
  }
  if (fault.diskFull !== undefined && typeof fault.diskFull !== 'boolean') {
    throw new HttpError(400, 'Fault diskFull must be a boolean', { param: 'faults' });
  }
  const headers = fault.headers;
  if (
    headers !== undefined &&
    (typeof headers !== 'object' ||
      headers === null ||
      Object.values(headers).some((header) => typeof header !== 'string'))
  ) {
    throw new HttpError(400, 'Fault headers must map names to strings', { param: 'faults' });
  }
  return fault as unknown as Fault;
}

/** The planned faults of one server; each matching request uses one hit of the first fault for its route. */
export class FaultPlan {
  private readonly pending: Array<{ fault: Fault; left: number }> = [];

  /** Plans more faults, after those already planned. */
  add(...faults: Fault[]): void {
    for (const fault of faults) {
      const left = fault.times ?? 1;
      if (left > 0) this.pending.push({ fault: { ...fault }, left });
    }
  }

  /** Drops every planned fault. */
  clear(): void {
    this.pending.length = 0;
  }

  /** The faults still planned, with the hits they have left as `times`. */
  list(): Fault[] {
    return this.pending.map(({ fault, left }) => ({ ...fault, times: left }));
  }

  /** Takes one hit of the first fault for `route`, if any. */
  take(route: RouteName): Fault | undefined {
    const index = this.pending.findIndex(
      ({ fault, left }) => left > 0 && (fault.route === '*' || fault.route === route),
    );
    if (index === -1) return undefined;
    const entry = this.pending[index]!;
    entry.left -= 1;
    if (entry.left <= 0) this.pending.splice(index, 1);
    return entry.fault;
  }
}

/** The `ErrorData` answer a status fault sends, with its retry headers. */
export function faultError(fault: Fault & { status: number }): HttpError {
  const headers: Record<string, string> = {};
  if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
  if (fault.retryAfterMs !== undefined) headers['retry-after-ms'] = String(fault.retryAfterMs);
  return new HttpError(fault.status, `Injected fault: ${fault.status} on ${fault.route}`, {
    code: 'injected_fault',
    headers,
  });
}
