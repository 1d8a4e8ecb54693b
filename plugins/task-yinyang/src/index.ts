export * from './mt19937.js'
