export * from './mt19937.js'
export { yinYangClassNames, yinYangLabel, type YinYangLabel } from './yinYangLabel.js'
export * from './yinYangOptions.js'
export * from './yinYangData.js'
