export default definePageConfig({
  navigationBarTitleText: '成员医保码',
});
