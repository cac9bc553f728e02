// The one refusal of every secure-random path: no source on this phone, so no encryption
// (and never a guess). Its own module so that everything that must load before
// sm-crypto-v2 can throw it.
import { localError, type ApiError } from '../api-error';

export const SECURE_RANDOM_UNAVAILABLE = '当前客户端版本不支持安全加密，无法设置密码，请升级到最新版本后重试';

export function secureRandomUnavailable(): ApiError {
  return localError('SECURE_RANDOM_UNAVAILABLE', SECURE_RANDOM_UNAVAILABLE);
}
