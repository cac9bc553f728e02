// Taro loads a local PostCSS plugin by its path and calls what the file exports with the
// plugin's `config`: config/index.ts puts the 大字模式 plugin itself there (large-text.ts, which
// Taro's config loader compiles with the config; a .ts required from here would not be).
module.exports = (config) => config.create(config.options);
module.exports.postcss = true;
