export default definePageConfig({
  navigationBarTitleText: '医保电子凭证用户服务协议',
});
