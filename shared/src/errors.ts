// The error-code catalogue: one stable code per failure, its HTTP status and the
// Chinese message a user sees. The BFF answers with these codes and the
// mini-program shows these words, so both sides always say the same thing.

export const ERRORS = {
  VALIDATION_ERROR: { status: 400, message: '提交的信息有误，请检查后重试' },
  BAD_JSON: { status: 400, message: '请求格式错误' },
  PAYLOAD_TOO_LARGE: { status: 413, message: '请求内容过大' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: '请求格式不受支持' },
  NOT_FOUND: { status: 404, message: '请求的内容不存在' },
  METHOD_NOT_ALLOWED: { status: 405, message: '不支持该操作' },
  UNAUTHENTICATED: { status: 401, message: '登录已失效，请重新进入' },
  FORBIDDEN: { status: 403, message: '无权进行此操作' },
  RATE_LIMITED: { status: 429, message: '操作过于频繁，请稍后再试' },
  INTERNAL_ERROR: { status: 500, message: '系统繁忙，请稍后重试' },

  UPSTREAM_UNAVAILABLE: { status: 503, message: '医保平台暂时不可用，请稍后重试' },
  UPSTREAM_TIMEOUT: { status: 504, message: '医保平台响应超时，请稍后重试' },
  UPSTREAM_BAD_RESPONSE: { status: 502, message: '医保平台返回异常，请稍后重试' },
  NETWORK_ERROR: { status: 0, message: '网络异常，请稍后重试' },
  // WeChat or Alipay did not answer usefully (unreachable, too slow, a 5xx; or an answer or refusal
  // the BFF cannot use): the sign-in or face check the person asked for did not happen; the
  // insurance platform is not the one at fault.
  WECHAT_UNAVAILABLE: { status: 503, message: '微信服务暂时不可用，本次操作未完成，请稍后重试' },
  WECHAT_TIMEOUT: { status: 504, message: '微信服务响应超时，本次操作未完成，请稍后重试' },
  WECHAT_BAD_RESPONSE: { status: 502, message: '微信服务返回异常，本次操作未完成，请稍后重试' },
  ALIPAY_UNAVAILABLE: { status: 503, message: '支付宝服务暂时不可用，本次操作未完成，请稍后重试' },
  ALIPAY_TIMEOUT: { status: 504, message: '支付宝服务响应超时，本次操作未完成，请稍后重试' },
  ALIPAY_BAD_RESPONSE: { status: 502, message: '支付宝服务返回异常，本次操作未完成，请稍后重试' },

  // A dependency is down and its circuit breaker open (issue 26): the request was refused at
  // once and nothing was sent to it. Each says what is down, what did not happen, what to do.
  INSURANCE_PLATFORM_DOWN: { status: 503, message: '医保平台暂时不可用，本次操作未提交，请稍后重试' },
  PAYMENT_PLATFORM_DOWN: { status: 503, message: '医保平台暂时不可用，您的支付未完成，未扣款，请稍后重试' },
  WECHAT_DOWN: {
    status: 503,
    message: '微信服务暂时不可用，本次操作未完成，已完成的步骤不受影响，请稍后重试',
  },
  ALIPAY_DOWN: {
    status: 503,
    message: '支付宝服务暂时不可用，本次操作未完成，已完成的步骤不受影响，请稍后重试',
  },
  WECHATPAY_DOWN: {
    status: 503,
    message: '微信支付暂时不可用，未扣款，请稍后重试，或到医院收费窗口缴纳现金部分',
  },
  ALIPAY_PAY_DOWN: {
    status: 503,
    message: '支付宝支付暂时不可用，未扣款，请稍后重试，或到医院收费窗口缴纳现金部分',
  },
  STORAGE_DOWN: {
    status: 503,
    message: '系统数据服务暂时不可用，请稍后重试。已提交的支付会自动确认，不会重复扣款',
  },
  SESSION_SERVICE_DOWN: { status: 503, message: '登录服务暂时不可用，请稍后重试，您的医保信息不会丢失' },
  // Said by the load balancer, not the BFF (bff/scripts/nginx.ts): no instance answered this
  // request (one was restarting). A payment's retry with its request id never pays twice.
  SERVICE_UNAVAILABLE: { status: 503, message: '服务暂时繁忙，请稍后重试，已完成的支付不会重复扣款' },

  ENVELOPE_MALFORMED: { status: 400, message: '报文格式错误' },
  ENVELOPE_UNKNOWN_APP: { status: 401, message: '渠道未登记' },
  ENVELOPE_STALE: { status: 401, message: '报文时间戳超出允许范围' },
  ENVELOPE_UNREADABLE: { status: 400, message: '报文解密失败' },
  ENVELOPE_SIGNATURE_INVALID: { status: 401, message: '报文签名验证失败' },
  UNKNOWN_OPERATION: { status: 404, message: '不支持的交易' },

  DOCUMENT_INVALID: { status: 400, message: '证件号码格式有误，请核对后重新输入' },

  // Signing in
  PLATFORM_LOGIN_FAILED: { status: 401, message: '登录失败，请重新进入小程序' },
  PLATFORM_RISKY_USER: { status: 403, message: '当前账号存在风险，暂无法使用，请联系平台客服' },
  DEV_LOGIN_DISABLED: { status: 404, message: '演示登录未开启' },

  // Claiming the voucher: each refusal says what to do next.
  CLAIM_NOT_FOUND: { status: 404, message: '申领已失效，请重新开始' },
  CLAIM_STEP_OUT_OF_ORDER: { status: 409, message: '请按步骤完成申领' },
  ALREADY_ACTIVATED: { status: 409, message: '您已领取医保码，无需重复领取' },
  PERSON_NOT_FOUND: { status: 404, message: '未查询到您的参保信息，请核对证件信息或咨询参保地医保经办机构' },
  NAME_MISMATCH: { status: 400, message: '姓名与证件号码不一致，请核对后重新输入' },
  MULTIPLE_PERSON_RECORDS: {
    status: 409,
    message: '您在医保系统中存在多条人员信息，请携带身份证到参保地医保经办机构办理合并后再领取',
  },
  NOT_INSURED: { status: 403, message: '您当前未参加基本医疗保险，请先到参保地办理参保' },
  INSURED_TOO_RECENTLY: { status: 403, message: '您参保未满两个月，暂不能领取医保码，请满两个月后再试' },
  INSURANCE_SUSPENDED: {
    status: 403,
    message: '您的医保处于暂停状态，请联系单位或参保地医保经办机构恢复后再领取',
  },
  // No phone was ever registered (an elderly person, a child) — not the same as one that stopped working.
  NO_PHONE_ON_RECORD: {
    status: 403,
    message:
      '医保系统中没有您的预留手机号，无法发送验证码。可请家人在其医保码的“亲情账户”中添加您，由家人代为出示医保码；或本人携带身份证到参保地医保经办机构登记手机号后再领取',
  },
  RESERVED_PHONE_OUT_OF_SERVICE: {
    status: 403,
    message:
      '您在医保系统预留的手机号已停机或销号，收不到验证码。可点“更换预留手机号”，通过本人人脸核验并验证新手机号后在线更换，无需到经办机构',
  },
  SMS_RESEND_TOO_SOON: { status: 429, message: '验证码已发送，请60秒后再试' },
  SMS_DAILY_LIMIT: { status: 429, message: '今日验证码发送次数已达上限，请明天再试' },
  SMS_CODE_WRONG: { status: 400, message: '验证码错误，请重新输入' },
  SMS_CODE_EXPIRED: { status: 400, message: '验证码已过期，请重新获取' },
  SMS_CODE_VOIDED: { status: 400, message: '验证码错误次数过多已失效，请重新获取' },
  FACE_FAILED: { status: 403, message: '人脸核验未通过，请确认是本人操作，在光线充足处重试' },
  FACE_CANCELLED: { status: 400, message: '您已取消人脸核验，请重新进行人脸核验' },
  FACE_UNSUPPORTED_DOCUMENT: {
    status: 400,
    message: '微信人脸核验仅支持居民身份证，请使用支付宝小程序领取，或到参保地医保经办机构办理',
  },
  FACE_TOO_MANY_TRIES: { status: 429, message: '人脸核验次数过多，请明天再试' },
  PASSWORD_WEAK: { status: 400, message: '密码过于简单，请勿使用相同、连续的数字或生日' },
  PASSWORD_WRONG: { status: 400, message: '密码错误，请重新输入' },
  PASSWORD_UNCHANGED: { status: 400, message: '新密码不能与原密码相同，请换一个' },
  VOUCHER_NOT_ACTIVATED: { status: 403, message: '您尚未领取医保码，请先领取' },
  CONSENT_VERSION_OUTDATED: {
    status: 409,
    message: '协议内容已再次更新，请返回首页阅读最新版本后再同意',
  },
  PAGE_CURSOR_INVALID: { status: 400, message: '翻页位置无效，请刷新后重新查看' },
  RECORD_NOT_FOUND: { status: 404, message: '未找到这条消费记录，请返回消费记录查看' },
  CODE_RATE_LIMITED: { status: 429, message: '刷新过于频繁，请稍后再试' },
  BILL_NOT_FOUND: { status: 404, message: '账单不存在或已失效' },
  BILL_ALREADY_PAID: { status: 409, message: '该账单已支付，无需重复支付' },
  BILL_PAYMENT_IN_PROGRESS: { status: 409, message: '该账单正在支付中，请稍后查看结果' },
  BILL_REVOKED: { status: 409, message: '该账单已被医院撤销' },
  BILL_NOT_AWAITING_CASH: { status: 409, message: '该账单没有待支付的现金部分' },
  CASH_PAYMENT_UNAVAILABLE: {
    status: 503,
    message: '暂不支持在线支付现金部分，请到医院收费窗口缴纳现金部分',
  },
  CASH_PLATFORM_UNAVAILABLE: { status: 503, message: '支付平台暂时不可用，请稍后重试，未扣款' },
  CASH_PAYMENT_CONFIRMING: {
    status: 409,
    message: '已收到您的付款，正在向医保平台确认，请稍后查看，无需重复支付',
  },
  CASH_ORDER_NOT_FOUND: { status: 404, message: '支付订单不存在，请返回账单重新点击去支付' },
  CASH_ORDER_CLOSED: { status: 409, message: '该支付订单已关闭或已过期，未扣款，请重新点击去支付' },
  INSUFFICIENT_BALANCE: { status: 409, message: '个人账户余额不足，请选择不使用个人账户支付' },
  PAYMENT_FAILED: { status: 502, message: '支付失败，未扣款，请稍后重试' },
  WEBHOOK_REJECTED: { status: 401, message: '事件验签失败' },
  // 定点机构, 医保目录, 异地就医备案
  REGION_NOT_FOUND: { status: 404, message: '没有这个地区，请重新选择' },
  INSTITUTION_NOT_FOUND: { status: 404, message: '未找到该定点医药机构，请返回列表重新选择' },
  CATALOGUE_ITEM_NOT_FOUND: { status: 404, message: '医保目录中没有这个项目，请返回重新搜索' },
  CATALOGUE_PRICE_REQUIRED: { status: 400, message: '该项目没有参考价格，请填写单价后再估算' },
  REMOTE_CARE_SAME_REGION: { status: 409, message: '就医地与参保地相同，无需办理异地就医备案' },
  REMOTE_CARE_DATES_INVALID: { status: 400, message: '备案结束日期不能早于开始日期，请重新选择' },
  REMOTE_CARE_OVERLAP: { status: 409, message: '该时段已有异地就医备案，请先撤销原备案再办理' },
  REMOTE_CARE_NOT_FOUND: { status: 404, message: '未找到该异地就医备案，请返回列表查看' },
  REMOTE_CARE_ALREADY_CANCELLED: { status: 409, message: '该异地就医备案已撤销，无需重复操作' },
  REMOTE_CARE_NOT_FILED: {
    status: 409,
    message: '未办理异地就医备案，参保地规定不能直接结算，请先办理异地就医备案',
  },
  PASSWORD_LOCKED: {
    status: 423,
    message: '密码错误次数过多，今日已锁定。可点“忘记密码”验证本人后重设密码，或明天再试',
  },
  RECOVERY_NOT_FOUND: { status: 404, message: '本次办理已失效，请重新开始' },
  RECOVERY_STEP_OUT_OF_ORDER: { status: 409, message: '请按步骤完成办理' },
  RECOVERY_TOO_MANY: {
    status: 429,
    message: '今日验证身份的次数已达上限，请明天再试，或到参保地医保经办机构办理',
  },
  RECOVERY_NOT_THIS_VOUCHER: {
    status: 403,
    message: '证件信息与本账号领取的医保码不是同一人，请核对后重新输入',
  },
  PHONE_UNCHANGED: { status: 409, message: '新手机号与预留手机号相同且可正常使用，无需更换' },

  // 个人账户 and 亲情账户: each refusal says what is true and what to do next.
  NO_PERSONAL_ACCOUNT: {
    status: 404,
    message: '城乡居民医保没有个人账户，看病购药由医保统筹和现金支付',
  },
  FAMILY_MEMBER_NOT_FOUND: { status: 404, message: '未找到该亲情成员，请返回亲情账户刷新后查看' },
  FAMILY_MEMBER_NOT_INSURED: {
    status: 403,
    message: '该成员当前未参加基本医疗保险，暂不能添加，请先到参保地医保经办机构办理参保',
  },
  FAMILY_LIMIT_REACHED: { status: 409, message: '亲情账户最多添加5位成员，请先移除不再代管的成员' },
  FAMILY_ALREADY_LINKED: { status: 409, message: '该成员已在您的亲情账户中，无需重复添加' },
  FAMILY_SELF: { status: 400, message: '不能添加本人为亲情成员，请填写家人的证件信息' },
  FAMILY_GUARDIAN_ATTESTATION_REQUIRED: {
    status: 400,
    message: '未满16周岁的成员须由监护人添加，请勾选“我是该成员的监护人”后再提交',
  },
  FAMILY_CONSENT_FAILED: {
    status: 403,
    message: '成员本人授权未通过，未添加该成员。请让成员本人在光线充足处重新进行人脸核验',
  },
  FAMILY_CONSENT_PENDING: {
    status: 409,
    message: '该成员尚未完成本人授权，请先完成成员本人的人脸核验和短信验证',
  },
  FAMILY_CONSENT_NOT_NEEDED: { status: 409, message: '该成员已添加成功，无需再次授权' },
  FAMILY_NO_PHONE: { status: 409, message: '该成员没有预留手机号，无需短信验证，完成人脸核验即可' },
  FAMILY_MUTUAL_AID_NOT_ALLOWED: {
    status: 403,
    message: '家庭共济仅限职工医保参保人为配偶、父母、子女支付，请改用成员本人的个人账户或现金支付',
  },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

export const ERROR_CODES = Object.keys(ERRORS) as [ErrorCode, ...ErrorCode[]];

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(ERRORS, code);
}

/** The words to show for a code; unknown codes (a newer server) fall back to a generic message. */
export function errorMessage(code: string): string {
  return isErrorCode(code) ? ERRORS[code].message : ERRORS.INTERNAL_ERROR.message;
}

export function errorStatus(code: ErrorCode): number {
  return ERRORS[code].status;
}
