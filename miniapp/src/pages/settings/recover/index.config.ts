// The title of the default purpose (忘记支付密码); the page sets 更换预留手机号 itself.
export default definePageConfig({
  navigationBarTitleText: '忘记支付密码',
});
