// pino with redaction: ID numbers, names and phones are masked, tokens and passwords
// removed, wherever they appear in a logged object (two levels deep).
import { maskIdNumber, maskName, maskPhone } from '@ybm/shared';
import pino, { type Logger } from 'pino';

const MASKERS: Record<string, (value: string) => string> = {
  idNumber: maskIdNumber,
  certno: maskIdNumber,
  documentNumber: maskIdNumber,
  name: maskName,
  psnName: maskName,
  psn_name: maskName,
  userName: maskName,
  phone: maskPhone,
  mobile: maskPhone,
};
const SECRETS = [
  'password',
  'token',
  'sessionKey',
  'session_key',
  'accessToken',
  'access_token',
  'secret',
  'jsCode',
  'js_code',
  'authCode',
  'auth_code',
  'smsCode',
];

function paths(keys: string[]): string[] {
  return keys.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);
}

export function createLogger(options: { level: string; destination?: pino.DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'ybm-bff' },
      redact: {
        paths: [
          ...paths(Object.keys(MASKERS)),
          ...paths(SECRETS),
          'req.headers.authorization',
          'req.headers.cookie',
        ],
        censor: (value, path) => {
          const key = path[path.length - 1] ?? '';
          const mask = MASKERS[key];
          if (mask && typeof value === 'string') return mask(value);
          return '[redacted]';
        },
      },
    },
    options.destination,
  );
}
