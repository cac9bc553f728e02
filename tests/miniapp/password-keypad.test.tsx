import { fireEvent, render, screen } from '@testing-library/react';

import { PasswordField } from '../../miniapp/src/components/password-field';

function setup(props: { busy?: boolean } = {}) {
  const onComplete = jest.fn();
  const view = render(<PasswordField title="设置医保支付密码" onComplete={onComplete} {...props} />);
  const press = (...keys: string[]) =>
    keys.forEach((key) => fireEvent.click(screen.getByTestId(`key-${key}`)));
  const filled = () => Number(screen.getByTestId('password-boxes').getAttribute('data-filled'));
  return { onComplete, press, filled, ...view };
}

describe('PasswordField and its keypad', () => {
  it('has keys 0–9 and 删除, and no text input the system keyboard could open', () => {
    const { container } = setup();
    for (let digit = 0; digit <= 9; digit += 1)
      expect(screen.getByTestId(`key-${digit}`).textContent).toBe(`${digit}`);
    expect(screen.getByTestId('key-del').textContent).toBe('删除');
    expect(container.querySelector('input, textarea')).toBeNull();
  });

  it('shows one dot per digit and never the digits themselves', () => {
    const { press, filled } = setup();
    press('8', '2', '4');

    expect(filled()).toBe(3);
    const boxes = screen.getByTestId('password-boxes');
    expect(boxes.textContent).toBe('');
    expect(boxes.querySelectorAll('.password-field__dot')).toHaveLength(3);
  });

  it('deletes the last digit', () => {
    const { press, filled, onComplete } = setup();
    press('8', '2', '4', 'del', 'del', '9', '1', '5', '7', '3');

    expect(filled()).toBe(0);
    expect(onComplete).toHaveBeenCalledWith('891573');
  });

  it('hands over six digits once and clears itself', () => {
    const { press, filled, onComplete } = setup();
    press('8', '2', '4', '6', '1', '7');

    expect(onComplete).toHaveBeenCalledTimes(1);
    expect(onComplete).toHaveBeenCalledWith('824617');
    expect(filled()).toBe(0);

    press('1', '2');
    expect(filled()).toBe(2);
    expect(onComplete).toHaveBeenCalledTimes(1);
  });

  it('ignores the keys while busy', () => {
    const { press, filled, onComplete } = setup({ busy: true });
    press('8', '2', '4', '6', '1', '7', 'del');

    expect(filled()).toBe(0);
    expect(onComplete).not.toHaveBeenCalled();
  });

  it('deleting with nothing entered does nothing', () => {
    const { press, filled } = setup();
    press('del', 'del', '5');
    expect(filled()).toBe(1);
  });
});
