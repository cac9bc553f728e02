export default definePageConfig({
  navigationBarTitleText: '我要付多少',
});
