// The code as a QR drawn with plain Views: one absolutely placed block per run of dark modules
// inside a white square that carries the quiet zone. No canvas (H5 gives an empty context
// before the element exists; mini-program canvases are native layers) and no image to decode,
// so a new code replaces the old one in the same frame: there is never a blank QR.
import { View } from '@tarojs/components';
import { useEffect, useMemo } from 'react';

import { markFirstPaint, QR_PAINTED_MARK } from '../../services/paint-mark';
import { qrLayout } from '../../services/qr';
import './index.scss';

const percent = (modules: number, size: number) => `${((modules * 100) / size).toFixed(4)}%`;

export function VoucherQr({ value, testId }: { value: string; testId?: string }) {
  const { size, runs } = useMemo(() => qrLayout(value), [value]);
  useEffect(() => markFirstPaint(QR_PAINTED_MARK), []);
  return (
    <View
      className="voucher-qr"
      data-testid={testId}
      data-modules={size}
      role="img"
      aria-label="医保码二维码"
    >
      {runs.map((run) => (
        <View
          key={`${run.row}-${run.col}`}
          className="voucher-qr__run"
          style={{
            left: percent(run.col, size),
            top: percent(run.row, size),
            width: percent(run.length, size),
            height: percent(1, size),
          }}
        />
      ))}
    </View>
  );
}
