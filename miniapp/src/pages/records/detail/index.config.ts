export default definePageConfig({
  navigationBarTitleText: '消费记录详情',
});
