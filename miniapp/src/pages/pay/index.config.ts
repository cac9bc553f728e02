export default definePageConfig({
  navigationBarTitleText: '诊间支付',
});
