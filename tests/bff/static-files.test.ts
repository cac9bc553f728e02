import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import request from 'supertest';

import { buildTestApp } from '../support/bff';

function setup() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ybm-h5-'));
  mkdirSync(path.join(dir, 'js'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>医保码</title>');
  writeFileSync(path.join(dir, 'js', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(path.dirname(dir), 'outside-secret.txt'), 'secret');
  const { app } = buildTestApp({ H5_DIR: dir });
  return request(app.callback());
}

describe('serving the H5 app from the BFF origin', () => {
  it('serves index.html at / with a no-cache header', async () => {
    const res = await setup().get('/').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.text).toContain('医保码');
  });

  it('serves assets with their content type', async () => {
    const res = await setup().get('/js/app.js').expect(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
  });

  it('never serves a file outside the folder', async () => {
    const res = await setup().get('/%2e%2e/outside-secret.txt').expect(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });

  it('leaves /api paths to the API even when a file of that name exists', async () => {
    const res = await setup().get('/api/v1/meta').expect(200);
    expect(res.body.appName).toBe('医保码');
  });
});
