export default definePageConfig({
  navigationBarTitleText: '领取医保码',
});
