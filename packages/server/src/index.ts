export { startServer } from './start-server.js';
export type { Fault, RecordedRequest, RouteName, ServerHandle, StartServerOptions } from './types.js';
export { ROUTE_NAMES } from './types.js';
export type { ValidationLimits } from './validate-dataset.js';
