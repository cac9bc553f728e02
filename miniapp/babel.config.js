// babel-preset-taro for React + TypeScript; Taro's webpack runner picks this file up.
module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5' }]],
};
