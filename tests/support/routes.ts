// The routes a Koa app answers, read from the @koa/router routers it mounts (each
// router.routes() middleware carries its router), each with the schemas its validate() runs.
// Tests that must cover every route take the list from here, so a route added to the app
// is covered, or fails them, without anyone editing a list.
import type Koa from 'koa';

import { validationSchemasOf, type Schemas } from '../../bff/src/middleware/validate';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface AppRoute {
  method: HttpMethod;
  /** As registered, prefixes included, with `:name` path parameters. */
  path: string;
  /** What the route's validate() checks (none: the route reads no input of that kind). */
  schemas: Schemas;
}

/** The part of an @koa/router Layer read here. */
interface LayerView {
  methods: string[];
  path: string | RegExp;
  stack: unknown[];
}

/** Every method and path the app's routers answer (HEAD, which Koa answers for any GET, left out). */
export function routesOf(app: Koa): AppRoute[] {
  const routes: AppRoute[] = [];
  for (const middleware of app.middleware) {
    const router = (middleware as { router?: { stack: LayerView[] } }).router;
    if (!router) continue;
    for (const layer of router.stack) {
      // router.use() middleware (a session check on a prefix): not a route of its own.
      if (layer.methods.length === 0) continue;
      const schemas: Schemas = Object.assign({}, ...layer.stack.map((fn) => validationSchemasOf(fn) ?? {}));
      for (const method of layer.methods) {
        if (method !== 'HEAD')
          routes.push({ method: method as HttpMethod, path: String(layer.path), schemas });
      }
    }
  }
  return routes;
}

/** `METHOD /path`, the key tests use for a route. */
export const routeKey = (route: { method: string; path: string }): string => `${route.method} ${route.path}`;

/** The path with its `:name` parameters filled in (already URL-encoded values). */
export function fillPath(path: string, params: Record<string, string>): string {
  return path.replace(/:(\w+)/g, (_, name: string) => params[name] ?? '');
}
