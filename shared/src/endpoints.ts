// The BFF's endpoints as data: method, path and the schema of a successful response.
// The mini-program's client and the BFF's tests both read this table.
import type { z } from 'zod';

import { MetaSchema } from './schemas/meta';
import { HealthSchema, ReadinessSchema } from './schemas/system';

export const API_PREFIX = '/api/v1';

export interface Endpoint<R extends z.ZodType = z.ZodType> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  response: R;
}

function endpoint<R extends z.ZodType>(method: Endpoint['method'], path: string, response: R): Endpoint<R> {
  return { method, path, response };
}

export const endpoints = {
  health: endpoint('GET', '/healthz', HealthSchema),
  readiness: endpoint('GET', '/readyz', ReadinessSchema),
  meta: endpoint('GET', `${API_PREFIX}/meta`, MetaSchema),
} as const;

export type EndpointName = keyof typeof endpoints;
export type EndpointResponse<N extends EndpointName> = z.infer<(typeof endpoints)[N]['response']>;
