export default definePageConfig({
  navigationBarTitleText: '验证本人',
});
