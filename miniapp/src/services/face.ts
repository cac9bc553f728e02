// Face verification through the user's own platform, with the ids the BFF got for this claim
// (POST /claim/:id/face): WeChat 城市服务人脸核身 `wx.requestFacialVerify({verifyId})`,
// Alipay 身份验证 `my.startAPVerify({url, certifyId})`. Either way the platform's answer to
// the page is not trusted: the BFF asks the platform for the result (face/complete).
import Taro from '@tarojs/taro';
import type { FaceStart } from '@ybm/shared';

import { localError } from './http';

export const FACE_UNSUPPORTED_WECHAT = '当前微信版本不支持人脸核验，请升级微信到最新版本后重试';
export const FACE_UNSUPPORTED_ALIPAY = '当前支付宝版本不支持人脸核验，请升级支付宝到最新版本后重试';

function wechatFace(face: FaceStart): Promise<void> {
  const verifyId = face.verifyId;
  if (!verifyId || !Taro.canIUse('requestFacialVerify') || typeof wx.requestFacialVerify !== 'function') {
    return Promise.reject(localError('FACE_UNSUPPORTED', FACE_UNSUPPORTED_WECHAT));
  }
  return new Promise((resolve) => {
    wx.requestFacialVerify?.({ verifyId, success: () => resolve(), fail: () => resolve() });
  });
}

function alipayFace(face: FaceStart): Promise<void> {
  const { certifyId, certifyUrl } = face;
  if (!certifyId || !certifyUrl || !my.canIUse('startAPVerify') || typeof my.startAPVerify !== 'function') {
    return Promise.reject(localError('FACE_UNSUPPORTED', FACE_UNSUPPORTED_ALIPAY));
  }
  return new Promise((resolve) => {
    my.startAPVerify?.({ url: certifyUrl, certifyId, success: () => resolve(), fail: () => resolve() });
  });
}

/** Runs the platform's face check UI; resolves when the user is back, whatever happened there. */
export function runPlatformFace(face: FaceStart): Promise<void> {
  if (process.env.TARO_ENV === 'weapp') return wechatFace(face);
  if (process.env.TARO_ENV === 'alipay') return alipayFace(face);
  return Promise.reject(localError('FACE_UNSUPPORTED', 'H5 版本请使用开发环境的模拟刷脸'));
}

/** True where the face check runs in the platform (H5 uses the dev fake instead). */
export function hasPlatformFace(): boolean {
  return process.env.TARO_ENV === 'weapp' || process.env.TARO_ENV === 'alipay';
}
