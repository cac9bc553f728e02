// What the home page needs before sign-in: the deployment's region, the service grid
// and whether the H5 demo login is on.
import type { Meta, ServiceEntry } from '@ybm/shared';

/** Services in grid order; `available` turns true as each issue lands. */
const SERVICES: readonly ServiceEntry[] = [
  { key: 'code', title: '医保码', available: true },
  { key: 'records', title: '消费记录', available: true },
  { key: 'account', title: '个人账户', available: true },
  { key: 'family', title: '亲情账户', available: true },
  { key: 'institutions', title: '定点机构', available: true },
  { key: 'catalogue', title: '医保目录', available: true },
  { key: 'remote_care', title: '异地就医备案', available: true },
  { key: 'pay', title: '诊间支付', available: true },
];

export function describeDeployment(config: {
  version: string;
  devLogin: boolean;
  region: { code: string; name: string };
}): Meta {
  return {
    appName: '医保码',
    version: config.version,
    region: config.region,
    devLogin: config.devLogin,
    services: SERVICES.map((service) => ({ ...service })),
  };
}
