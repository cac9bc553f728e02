// validate({ body, query, params }): zod safeParse at the edge; 400 VALIDATION_ERROR with
// flattened details, or the typed values in ctx.state.input for the route. Each middleware
// it makes says which schemas it runs (validationSchemasOf), so the hostile-input tests judge
// every request they send by the very schemas the route applies.
import type { Middleware } from 'koa';
import type { z } from 'zod';

import { AppError } from '../errors';

export interface Schemas {
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
}

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface ValidatedInput<S extends Schemas> {
  body: Out<S['body']>;
  query: Out<S['query']>;
  params: Out<S['params']>;
}

const schemasOf = new WeakMap<object, Schemas>();

/** The schemas a middleware made by validate() runs; undefined for any other middleware. */
export function validationSchemasOf(middleware: unknown): Schemas | undefined {
  return typeof middleware === 'function' ? schemasOf.get(middleware) : undefined;
}

export function validate<S extends Schemas>(schemas: S): Middleware<{ input: ValidatedInput<S> }> {
  const middleware: Middleware<{ input: ValidatedInput<S> }> = async (ctx, next) => {
    const sources = {
      body: (ctx.request as { body?: unknown }).body,
      query: ctx.query,
      params: (ctx as unknown as { params?: unknown }).params ?? {},
    };
    const input: Record<string, unknown> = {};
    const fieldErrors: Record<string, string[]> = {};
    for (const part of ['body', 'query', 'params'] as const) {
      const schema = schemas[part];
      if (!schema) continue;
      const result = schema.safeParse(sources[part]);
      if (result.success) input[part] = result.data;
      else
        for (const issue of result.error.issues) {
          const key = [part, ...issue.path.map(String)].join('.');
          (fieldErrors[key] ??= []).push(issue.message);
        }
    }
    if (Object.keys(fieldErrors).length > 0)
      throw new AppError('VALIDATION_ERROR', { details: { fieldErrors } });
    ctx.state.input = input as unknown as ValidatedInput<S>;
    await next();
  };
  schemasOf.set(middleware, schemas);
  return middleware;
}
