export default definePageConfig({
  navigationBarTitleText: '成员本人授权',
});
