import { fireEvent, render, screen } from '@testing-library/react';
import { WEAK_PASSWORD_MESSAGES } from '@ybm/shared';

import { PASSWORDS_DIFFER, PasswordSetup } from '../../miniapp/src/components/password-setup';

function setup(birthDate?: string) {
  const onConfirmed = jest.fn();
  render(<PasswordSetup birthDate={birthDate} onConfirmed={onConfirmed} />);
  const enter = (password: string) =>
    Array.from(password).forEach((digit) => fireEvent.click(screen.getByTestId(`key-${digit}`)));
  const stage = () => screen.getByTestId('password-setup').getAttribute('data-stage');
  const error = () => screen.queryByTestId('password-error')?.textContent;
  return { onConfirmed, enter, stage, error };
}

describe('PasswordSetup', () => {
  it('asks twice and hands over the password once both entries match', () => {
    const { enter, stage, onConfirmed, error } = setup('1990-03-07');
    expect(screen.getByText('设置医保支付密码')).toBeTruthy();

    enter('824617');
    expect(stage()).toBe('confirm');
    expect(screen.getByText('请再次输入密码')).toBeTruthy();
    expect(onConfirmed).not.toHaveBeenCalled();

    enter('824617');
    expect(onConfirmed).toHaveBeenCalledTimes(1);
    expect(onConfirmed).toHaveBeenCalledWith('824617');
    expect(error()).toBeUndefined();
  });

  it('starts over when the second entry differs', () => {
    const { enter, stage, onConfirmed, error } = setup();
    enter('824617');
    enter('824618');

    expect(onConfirmed).not.toHaveBeenCalled();
    expect(stage()).toBe('first');
    expect(error()).toBe(PASSWORDS_DIFFER);

    // The first entry is gone: matching it again needs both entries again.
    enter('824618');
    expect(stage()).toBe('confirm');
    enter('824618');
    expect(onConfirmed).toHaveBeenCalledWith('824618');
  });

  it.each([
    ['000000', WEAK_PASSWORD_MESSAGES.repeated],
    ['777777', WEAK_PASSWORD_MESSAGES.repeated],
    ['123456', WEAK_PASSWORD_MESSAGES.sequential],
    ['987654', WEAK_PASSWORD_MESSAGES.sequential],
    ['900307', WEAK_PASSWORD_MESSAGES.birthday],
    ['070390', WEAK_PASSWORD_MESSAGES.birthday],
    ['199003', WEAK_PASSWORD_MESSAGES.birthday],
  ])('refuses %s with the shared rule’s message and stays on the first entry', (password, message) => {
    const { enter, stage, error, onConfirmed } = setup('1990-03-07');
    enter(password);

    expect(error()).toBe(message);
    expect(stage()).toBe('first');
    expect(Number(screen.getByTestId('password-boxes').getAttribute('data-filled'))).toBe(0);
    expect(onConfirmed).not.toHaveBeenCalled();
  });

  it('allows birthday-like digits when the birth date is not known', () => {
    const { enter, stage } = setup();
    enter('900307');
    expect(stage()).toBe('confirm');
  });

  it('clears the refusal once a good password is entered', () => {
    const { enter, error, stage } = setup();
    enter('111111');
    expect(error()).toBe(WEAK_PASSWORD_MESSAGES.repeated);
    enter('824617');
    expect(stage()).toBe('confirm');
    expect(error()).toBeUndefined();
  });
});
