// Taro build configuration shared by weapp, alipay and h5; dev.ts/prod.ts add per-mode tweaks.
import fs from 'node:fs';
import path from 'node:path';

import { defineConfig, type UserConfigExport } from '@tarojs/cli';

import devConfig from './dev';
import { largeTextPlugin } from './large-text';
import prodConfig from './prod';

const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as {
  version: string;
};

// Taro's babel compiles only src/ unless told otherwise; @ybm/shared ships TypeScript
// source through a workspace symlink (every entry of its `exports` map points into src/), so
// include its real path (TOOLCHAIN.md).
const sharedSrc = fs.realpathSync(path.join(__dirname, '..', '..', 'shared', 'src'));

// 大字模式: every text-sizing rule gets a grown copy under `.large-text` (large-text.ts), in
// every build alike; Taro runs it after pxtransform (rpx in the mini-programs, rem on H5).
const largeText = {
  [path.join(__dirname, 'large-text-postcss.cjs')]: {
    enable: true,
    config: { create: largeTextPlugin, options: {} },
  },
};

// H5 is served by the BFF itself (same origin); mini-programs need an absolute URL.
const defaultApiBase = process.env.TARO_ENV === 'h5' ? '' : 'http://127.0.0.1:8787';
const apiBase = process.env.TARO_APP_API_BASE ?? defaultApiBase;
// The bill notice's subscribe-message template; the BFF sends with the same id (its
// WECHAT_BILL_TEMPLATE_ID / ALIPAY_BILL_TEMPLATE_ID), until GET /meta carries it.
const billTemplateId = process.env.TARO_APP_BILL_TEMPLATE_ID || 'YBM_BILL_NOTICE';

// npm keeps some of this app's packages (Taro's React plugin and reconciler) nested in
// miniapp/node_modules; look there first so root packages (e.g. @tarojs/taro-h5) find
// them and every bundle uses the same copies.
const ownModules = path.join(__dirname, '..', 'node_modules');
type ModuleDirs = {
  prepend(dir: string): ModuleDirs;
  add(dir: string): ModuleDirs;
  has(dir: string): boolean;
};
const preferOwnModules = (chain: { resolve: { modules: ModuleDirs } }) => {
  const dirs = chain.resolve.modules.prepend(ownModules);
  // An empty list means webpack's default; keep the usual node_modules lookup after ours.
  if (!dirs.has('node_modules')) dirs.add('node_modules');
};

type SplitChunks = { cacheGroups?: Record<string, unknown> } & Record<string, unknown>;
type H5Chain = {
  resolve: { modules: ModuleDirs };
  optimization: {
    get(key: 'splitChunks'): SplitChunks | false | undefined;
    set(key: 'splitChunks', value: SplitChunks): void;
  };
};

// H5 loads every page as its own async chunk, and Taro splits only initial chunks: without a
// shared group each page chunk would carry its own copy of zod and the API client.
const h5Chain = (chain: H5Chain) => {
  preferOwnModules(chain);
  const splitChunks = chain.optimization.get('splitChunks');
  if (!splitChunks) return;
  chain.optimization.set('splitChunks', {
    ...splitChunks,
    cacheGroups: {
      ...splitChunks.cacheGroups,
      pagesShared: { chunks: 'async', minChunks: 2, minSize: 10_000, priority: 5, reuseExistingChunk: true },
    },
  });
};

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'ybm-miniapp',
    date: '2025-11-22',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    // YBM_BUILD_OUTPUT (absolute, or relative to miniapp/) sends a build elsewhere, so a test or
    // `npm start` can build into a folder of its own and rename it into place when complete.
    outputRoot: process.env.YBM_BUILD_OUTPUT || `dist/${process.env.TARO_ENV}`,
    plugins: [],
    env: {
      TARO_APP_API_BASE: JSON.stringify(apiBase),
      TARO_APP_VERSION: JSON.stringify(pkg.version),
      TARO_APP_BILL_TEMPLATE_ID: JSON.stringify(billTemplateId),
    },
    defineConstants: {},
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    // Off: builds take ~10 s and a stale filesystem cache can hide config changes.
    cache: { enable: false },
    mini: {
      compile: { include: [sharedSrc] },
      webpackChain: preferOwnModules,
      // Component styles are BEM-scoped, so their order across pages does not matter; without
      // this the claim sub-package (pages sharing components) warns on every build.
      miniCssExtractPluginOption: { ignoreOrder: true },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
        ...largeText,
      },
    },
    h5: {
      publicPath: './',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      compile: { include: [sharedSrc] },
      webpackChain: h5Chain,
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false },
        ...largeText,
      },
    },
  };

  if (process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig);
  return merge({}, baseConfig, prodConfig);
});
