// App-level config: the three tab pages and the tab bar (Taro maps the keys for Alipay).
export default defineAppConfig({
  pages: ['pages/index/index', 'pages/code/index', 'pages/mine/index'],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#2d6be4',
    navigationBarTitleText: '医保码',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f3f6fb',
  },
  tabBar: {
    color: '#8a8f99',
    selectedColor: '#1677ff',
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
