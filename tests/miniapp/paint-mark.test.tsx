// The H5 first-paint mark that `npm run bench` times the code page with: set once per page
// load, in the frame after the one that first draws the QR, and not again for new codes.
import { render } from '@testing-library/react';

import { VoucherQr } from '../../miniapp/src/components/voucher-qr';
import { QR_PAINTED_MARK } from '../../miniapp/src/services/paint-mark';

describe('the QR’s first-paint mark', () => {
  it('is set once, after the frame that draws the first code', () => {
    const frames: FrameRequestCallback[] = [];
    jest.spyOn(window, 'requestAnimationFrame').mockImplementation((callback) => frames.push(callback));
    // jsdom's performance has no marks: record them.
    const mark = jest.fn();
    Object.defineProperty(performance, 'mark', { value: mark, configurable: true });
    const marks = () => mark.mock.calls.filter(([name]) => name === QR_PAINTED_MARK);

    const { rerender } = render(<VoucherQr value="YB17Q2M9KX4D0ZTN3P8RHC5JW6V" />);
    expect(marks()).toHaveLength(0);
    frames.shift()!(performance.now()); // the frame in which the QR is painted
    expect(marks()).toHaveLength(0);
    frames.shift()!(performance.now()); // the next one: the QR is on screen
    expect(marks()).toHaveLength(1);

    rerender(<VoucherQr value="YB1ABCDEFGHJKMNPQRSTVWXYZ0" />);
    expect(frames).toHaveLength(0);
    expect(marks()).toHaveLength(1);
  });
});
