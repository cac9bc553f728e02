export default definePageConfig({
  navigationBarTitleText: '医保目录',
});
