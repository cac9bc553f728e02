// App-level config: the three tab pages, 消费记录 (and a record's own page) and 消息中心, and
// the tab bar (Taro maps the keys for Alipay; its colours read at ≥ 4.5:1 on white); the claim
// flow, the pay page, the agreements and the 定点机构/医保目录/异地就医备案 pages as sub-packages
// (they and sm-crypto-v2 stay out of the main package); in the H5 build only, the dev login page.
const TAB_PAGES = ['pages/index/index', 'pages/code/index', 'pages/mine/index'];
const MAIN_PAGES = ['pages/records/index', 'pages/records/detail/index', 'pages/inbox/index'];
const H5_ONLY_PAGES = process.env.TARO_ENV === 'h5' ? ['pages/dev-login/index'] : [];

export default defineAppConfig({
  pages: [...TAB_PAGES, ...MAIN_PAGES, ...H5_ONLY_PAGES],
  subPackages: [
    {
      root: 'pages/claim',
      pages: ['consent/index', 'identity/index', 'sms/index', 'face/index', 'password/index'],
    },
    // pages/pay/index?billId=…: the page bill notices open.
    { root: 'pages/pay', pages: ['index'] },
    // 设置 (from 我的), 忘记密码 / 更换预留手机号 and 防骗提示 (also from home and the claim).
    {
      root: 'pages/settings',
      pages: ['index', 'password/index', 'recover/index', 'fraud/index'],
    },
    // 个人账户 and 亲情账户 (list, add, a member's consent, a member's code): from the home
    // tiles and from 我的.
    { root: 'pages/account', pages: ['index'] },
    { root: 'pages/family', pages: ['index', 'add/index', 'consent/index', 'code/index'] },
    // The three agreements and 授权管理 (from the consent step and from 我的).
    {
      root: 'pages/agreements',
      pages: ['terms/index', 'privacy/index', 'sensitive/index', 'consents/index'],
    },
    // 定点机构, 医保目录 (with 我要付多少) and 异地就医备案 (issue 23).
    {
      root: 'pages/services',
      pages: [
        'institutions/index',
        'institution/index',
        'catalogue/index',
        'estimate/index',
        'remote-care/index',
      ],
    },
  ],
  // Nearest 定点机构 first: WeChat asks the person with this reason (and needs getLocation listed).
  permission: {
    'scope.userLocation': { desc: '用于按距离为您排列附近的定点医药机构' },
  },
  requiredPrivateInfos: ['getLocation'],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#2d6be4',
    navigationBarTitleText: '医保码',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f3f6fb',
  },
  tabBar: {
    color: '#5c6370',
    selectedColor: '#2563d9',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      {
        pagePath: 'pages/index/index',
        text: '首页',
        iconPath: 'assets/tabbar/home.png',
        selectedIconPath: 'assets/tabbar/home-active.png',
      },
      {
        pagePath: 'pages/code/index',
        text: '医保码',
        iconPath: 'assets/tabbar/code.png',
        selectedIconPath: 'assets/tabbar/code-active.png',
      },
      {
        pagePath: 'pages/mine/index',
        text: '我的',
        iconPath: 'assets/tabbar/mine.png',
        selectedIconPath: 'assets/tabbar/mine-active.png',
      },
    ],
  },
});
