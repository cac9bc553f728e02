// @tarojs/components as plain DOM elements, so pages render under jsdom.
import { createElement, type ReactNode } from 'react';

type HostProps = Record<string, unknown> & { children?: ReactNode };

// Props that mean something on a DOM element; Taro-only props (hoverClass, …) are dropped.
const PASSED = new Set(['id', 'className', 'style', 'role', 'onClick', 'src', 'alt', 'value', 'disabled']);

function host(tag: string, displayName: string) {
  function Host({ children, ...props }: HostProps) {
    const domProps = Object.fromEntries(
      Object.entries(props).filter(
        ([key]) => PASSED.has(key) || key.startsWith('data-') || key.startsWith('aria-'),
      ),
    );
    return createElement(tag, domProps, children);
  }
  Host.displayName = displayName;
  return Host;
}

export const View = host('div', 'View');
export const Text = host('span', 'Text');
export const Button = host('button', 'Button');
export const Image = host('img', 'Image');
export const Canvas = host('canvas', 'Canvas');
export const Input = host('input', 'Input');
export const ScrollView = host('div', 'ScrollView');
export const Swiper = host('div', 'Swiper');
export const SwiperItem = host('div', 'SwiperItem');
