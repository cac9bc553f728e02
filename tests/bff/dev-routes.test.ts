// The dev routes (H5 demo login, fake face results, the SMS sink) exist only when the
// configuration turns the demo login on. The routes probed here are read from the routers
// mounted on the app itself, so a dev route added later is covered without touching this file.
import { Router, type Layer } from '@koa/router';
import { API_PREFIX, ErrorBodySchema } from '@ybm/shared';
import type Koa from 'koa';
import request from 'supertest';

import type { DevPlatformControls } from '../../bff/src/services/platforms';
import { buildTestApp } from '../support/bff';

const DEV_PREFIX = `${API_PREFIX}/dev/`;

/** Dev controls that answer without any upstream: the routes need them only to exist. */
const controls: DevPlatformControls = {
  mintWechatLoginCode: async () => 'dev-code',
  mintAlipayAuthCode: async () => 'dev-auth-code',
  setFaceResult: async () => undefined,
  listPersonas: async () => [],
};

function setup(devLogin: boolean) {
  // The controls are offered either way: the configuration alone decides.
  return buildTestApp(devLogin ? { DEV_LOGIN: 'true' } : {}, { devControls: controls });
}

interface Probe {
  method: string;
  path: string;
}

/** Every route of every router mounted on the app (`routes()` keeps its router). */
function routesOf(app: Koa): { router: Router; layer: Layer }[] {
  return app.middleware.flatMap((fn) => {
    const router = (fn as { router?: unknown }).router;
    if (!(router instanceof Router)) return [];
    return router.stack.filter((layer) => layer.methods.length > 0).map((layer) => ({ router, layer }));
  });
}

/** Each route a layer serves, with its parameters filled in, one probe per method. */
function probesOf(layer: Layer): Probe[] {
  if (typeof layer.path !== 'string' || layer.opts.pathAsRegExp) {
    throw new Error(`cannot probe a route given as a pattern: ${String(layer.path)}`);
  }
  const params = Object.fromEntries(layer.paramNames.map((key) => [String(key.name), 'dev-probe-1']));
  const path = Object.keys(params).length ? layer.url(params) : layer.path;
  return layer.methods.map((method) => ({ method, path }));
}

/**
 * The dev routes of the app with the demo login on: those under /api/v1/dev/, and any the
 * demo login adds elsewhere (the first test refuses those).
 */
function devRoutes(): Probe[] {
  const key = (layer: Layer) => `${layer.methods.join(',')} ${String(layer.path)}`;
  const always = new Set(routesOf(setup(false).app).map(({ layer }) => key(layer)));
  const probes = routesOf(setup(true).app)
    .filter(({ layer }) => String(layer.path).startsWith(DEV_PREFIX) || !always.has(key(layer)))
    .flatMap(({ layer }) => probesOf(layer));
  if (probes.length === 0) throw new Error('no dev route found in the app: nothing to probe');
  return probes;
}

function send(app: ReturnType<typeof setup>['app'], { method, path }: Probe) {
  const http = request(app.callback());
  switch (method) {
    case 'GET':
      return http.get(path);
    case 'HEAD':
      return http.head(path);
    case 'DELETE':
      return http.delete(path);
    case 'POST':
      return http.post(path).send({});
    case 'PUT':
      return http.put(path).send({});
    case 'PATCH':
      return http.patch(path).send({});
    default:
      throw new Error(`no probe for ${method} ${path}`);
  }
}

describe('dev routes', () => {
  const probes = devRoutes();

  it('are read from the app’s routers, and all of them are under /api/v1/dev/', () => {
    expect(probes.length).toBeGreaterThan(0);
    expect(probes).toContainEqual({ method: 'POST', path: `${API_PREFIX}/dev/login-code` });
    for (const { path } of probes) expect(path.startsWith(DEV_PREFIX)).toBe(true);
  });

  it('are served at the probed paths when the demo login is on', () => {
    // The filled-in paths reach their routes, so the 404s below are not from a wrong probe.
    const routers = new Set(routesOf(setup(true).app).map(({ router }) => router));
    for (const probe of probes) {
      const matched = [...routers].some((router) =>
        router.match(probe.path, probe.method).pathAndMethod.some((layer) => layer.methods.length > 0),
      );
      expect({ ...probe, matched }).toEqual({ ...probe, matched: true });
    }
  });

  it('are each 404 NOT_FOUND when the demo login is off', async () => {
    const { app } = setup(false);
    for (const probe of probes) {
      const res = await send(app, probe);
      expect({ ...probe, status: res.status }).toEqual({ ...probe, status: 404 });
      // HEAD answers carry no body.
      if (probe.method !== 'HEAD') expect(ErrorBodySchema.parse(res.body).error.code).toBe('NOT_FOUND');
    }
  });
});
