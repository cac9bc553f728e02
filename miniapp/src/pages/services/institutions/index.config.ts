export default definePageConfig({
  navigationBarTitleText: '定点机构',
});
